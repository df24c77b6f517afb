package org.leadport.files;

import java.io.Closeable;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;

/**
 * A {@link FileStore} whose write failures are {@link StorageException}s and are remembered until a
 * write succeeds again, so a job can fail with {@code storage_failed} and {@code /healthz} can say
 * that the storage is failing (docs/operations.md). Thread-safe.
 */
public final class MonitoredFileStore implements FileStore, Closeable {
  private final FileStore store;
  private final AtomicReference<@Nullable String> failure = new AtomicReference<>();

  public MonitoredFileStore(FileStore store) {
    this.store = store;
  }

  @Override
  public Upload create(String key) throws IOException {
    Upload upload;
    try {
      upload = store.create(key);
    } catch (IOException e) {
      throw failed("could not start a file", e);
    }
    OutputStream out =
        new FilterOutputStream(upload.stream()) {
          @Override
          public void write(byte[] b, int off, int len) throws IOException {
            try {
              out.write(b, off, len);
            } catch (IOException e) {
              throw failed("could not write a file", e);
            }
          }

          @Override
          public void write(int b) throws IOException {
            try {
              out.write(b);
            } catch (IOException e) {
              throw failed("could not write a file", e);
            }
          }

          @Override
          public void flush() throws IOException {
            try {
              out.flush();
            } catch (IOException e) {
              throw failed("could not write a file", e);
            }
          }

          // The upload closes the stream it owns; closing here would end it early.
          @Override
          public void close() throws IOException {
            flush();
          }
        };
    return new Upload() {
      @Override
      public OutputStream stream() {
        return out;
      }

      @Override
      public long publish() throws IOException {
        long size;
        try {
          size = upload.publish();
        } catch (IOException e) {
          throw failed("could not publish a file", e);
        }
        failure.set(null);
        return size;
      }

      @Override
      public void close() throws IOException {
        upload.close();
      }
    };
  }

  private StorageException failed(String what, IOException e) {
    if (e instanceof StorageException already) {
      return already;
    }
    String message = "The export file store " + what + ": " + e;
    failure.set(message);
    return new StorageException(message, e);
  }

  @Override
  public Optional<String> failure() {
    return Optional.ofNullable(failure.get());
  }

  @Override
  public InputStream open(String key, long offset) throws IOException {
    return store.open(key, offset);
  }

  @Override
  public long size(String key) throws IOException {
    return store.size(key);
  }

  @Override
  public void delete(String key) throws IOException {
    store.delete(key);
  }

  @Override
  public void discard(String key) throws IOException {
    store.discard(key);
  }

  @Override
  public void deleteParts(String key) throws IOException {
    store.deleteParts(key);
  }

  @Override
  public void close() throws IOException {
    if (store instanceof Closeable closeable) {
      closeable.close();
    }
  }
}

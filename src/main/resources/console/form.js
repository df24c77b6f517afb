// The new-export form: its options and field boxes, the request it sends, and its errors.

import { $, announce, el } from './dom.js';
import { describe, formatNumber } from './format.js';
import { state } from './state.js';

export function fillSelect(select, items, selected) {
  const keep = select.querySelector('option[value=""]');
  select.replaceChildren(...(keep ? [keep] : []));
  for (const item of items) {
    const option = typeof item === 'string' ? el('option', { value: item, text: item }) : el('option', { value: item.id, text: item.label });
    select.append(option);
  }
  if (selected !== undefined) select.value = selected;
}

export function fillOptions() {
  const o = state.options;
  fillSelect($('f-type'), o.types, o.types.length ? o.types[0].id : undefined);
  fillSelect($('f-format'), o.formats, o.formats.length ? o.formats[0].id : undefined);
  fillSelect($('f-date-format'), o.date_formats || []);
  fillSelect($('f-language'), (o.languages || []).map((l) => ({ id: l.id, label: `${l.label} labels` })), browserLanguage(o.languages || []));
  fillSelect($('f-status'), o.statuses || [], '');
  fillFields();
}

/** The offered language the browser prefers first, or '' (field ids) when none is offered. */
export function browserLanguage(languages) {
  const offered = new Set(languages.map((l) => l.id));
  for (const tag of navigator.languages || [navigator.language]) {
    const base = String(tag || '').toLowerCase().split('-')[0];
    if (offered.has(base)) return base;
  }
  return '';
}

export function currentType() {
  return (state.options.types || []).find((t) => t.id === $('f-type').value);
}

export function fillFields() {
  const type = currentType();
  const list = $('fields-list');
  state.fieldsTouched = false;
  const defaults = new Set(type ? type.default_fields || [] : []);
  const boxes = (type ? type.fields : []).map((field, i) => {
    const id = `field-${i}`;
    return el(
      'div',
      { className: 'check' },
      el('input', { type: 'checkbox', id, value: field.id, checked: defaults.has(field.id) }),
      el('label', { for: id, text: field.label, title: field.id }),
    );
  });
  list.replaceChildren(...boxes);
  countFields();
}

export function fieldBoxes() {
  return [...$('fields-list').querySelectorAll('input[type=checkbox]')];
}

export function countFields() {
  $('fields-count').textContent = formatNumber(fieldBoxes().filter((b) => b.checked).length);
}

export function setFields(which) {
  const type = currentType();
  const defaults = new Set(type ? type.default_fields || [] : []);
  for (const box of fieldBoxes()) {
    box.checked = which === 'all' ? true : which === 'none' ? false : defaults.has(box.value);
  }
  state.fieldsTouched = which !== 'default';
  countFields();
}

export function requestBody() {
  const body = { type: $('f-type').value, format: $('f-format').value };
  const filters = {};
  if ($('f-status').value) filters.status = $('f-status').value;
  for (const [name, id] of [['source', 'f-source'], ['updated_since', 'f-updated-since'], ['q', 'f-q']]) {
    const value = $(id).value.trim();
    if (value) filters[name] = value;
  }
  if (Object.keys(filters).length) body.filters = filters;
  if ($('f-date-format').value) body.date_format = $('f-date-format').value;
  if ($('f-language').value) body.language = $('f-language').value;
  if (state.fieldsTouched) body.fields = fieldBoxes().filter((b) => b.checked).map((b) => b.value);
  body.email = $('f-email').checked;
  return body;
}

export function errorNodeFor(control) {
  return $(`err-${control.id}`);
}

export function setFieldError(control, message) {
  const node = errorNodeFor(control);
  if (message) {
    control.setAttribute('aria-invalid', 'true');
    node.textContent = message;
    node.hidden = false;
  } else {
    control.removeAttribute('aria-invalid');
    node.textContent = '';
    node.hidden = true;
  }
}

export function clearFormErrors() {
  for (const control of document.querySelectorAll('#new-export [data-param]')) setFieldError(control, '');
  const formError = $('new-export-error');
  formError.textContent = '';
  formError.hidden = true;
}

/** The control an error's param names: exactly, else its nearest named parent (fields[3] → fields). */
export function controlFor(param) {
  if (!param) return null;
  const controls = [...document.querySelectorAll('#new-export [data-param]')];
  let name = param;
  while (name) {
    const found = controls.find((c) => c.dataset.param === name);
    if (found) return found;
    const cut = Math.max(name.lastIndexOf('.'), name.lastIndexOf('['));
    name = cut > 0 ? name.slice(0, cut) : '';
  }
  return null;
}

export function showFormError(error) {
  const control = controlFor(error.param);
  if (control) {
    setFieldError(control, error.message);
    // "fields[2]" is the third column sent: the third ticked box.
    const item = /^fields\[(\d+)\]$/.exec(error.param || '');
    const named = item ? fieldBoxes().filter((b) => b.checked)[Number(item[1])] : null;
    const focusable = named || (control.matches('fieldset') ? control.querySelector('input, select, button') : control);
    if (focusable) focusable.focus();
  } else {
    const formError = $('new-export-error');
    formError.textContent = describe(error);
    formError.hidden = false;
    formError.focus();
  }
  announce(`The export was not started: ${error.message}`);
}

export function idempotencyKey() {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return `console-${[...bytes].map((b) => b.toString(16).padStart(2, '0')).join('')}`;
}

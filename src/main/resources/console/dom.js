// DOM helpers of the export console: look up by id, build elements without markup, and the two
// message areas (the polite status line and the alert).

export const $ = (id) => document.getElementById(id);

export const el = (tag, props = {}, ...children) => {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) continue;
    if (name === 'className') node.className = value;
    else if (name === 'text') node.textContent = value;
    else if (name in node && typeof value !== 'string') node[name] = value;
    else node.setAttribute(name, value === true ? '' : value);
  }
  for (const child of children) {
    if (child !== null && child !== undefined) node.append(child);
  }
  return node;
};

let statusTimer = 0;

export function announce(message) {
  const status = $('status');
  clearTimeout(statusTimer);
  status.textContent = message;
  if (message) statusTimer = setTimeout(() => { status.textContent = ''; }, 15000);
}

export function showAlert(message) {
  const alert = $('alert');
  alert.textContent = message || '';
  alert.hidden = !message;
}

// Long work (checking and writing a registry file): the button says what is happening and cannot be
// pressed twice. A form opts in with data-busy="Проверяю файл…".
document.addEventListener("submit", (event) => {
  const form = event.target;
  const message = form.dataset.busy;
  if (!message) return;
  const button = form.querySelector("button[type=submit]");
  if (!button) return;
  window.setTimeout(() => {
    button.disabled = true;
    button.textContent = message;
  }, 0);
});

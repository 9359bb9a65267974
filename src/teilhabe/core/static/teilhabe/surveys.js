// Skip logic, applied live: after every autosave the server names the questions that apply
// (HX-Trigger "relevance"); the others are hidden. Without JavaScript all questions show and
// the server skips the ones that do not apply on submit.
document.body.addEventListener("relevance", (event) => {
  const applies = new Set(event.detail.value);
  document.querySelectorAll(".survey-question[data-question]").forEach((el) => {
    el.hidden = !applies.has(el.dataset.question);
  });
});

// Choice filters (cascading selects), applied live the same way: the server names the choices
// each filtered question offers now; the others are hidden.
document.body.addEventListener("choicefilter", (event) => {
  Object.entries(event.detail.offered || {}).forEach(([question, names]) => {
    const offered = new Set(names);
    document
      .querySelectorAll(`.survey-question[data-question="${CSS.escape(question)}"] [data-choice]`)
      .forEach((el) => {
        el.hidden = !offered.has(el.dataset.choice);
      });
  });
});

// Labels and hints that show earlier answers (${name}) and shown calculations are sent again
// after every save, already filled in and formatted the German way.
document.body.addEventListener("texts", (event) => {
  Object.entries(event.detail.texts || {}).forEach(([question, text]) => {
    const escaped = CSS.escape(question);
    document.querySelectorAll(`[data-label-for="${escaped}"]`).forEach((el) => {
      el.textContent = text.label;
    });
    document.querySelectorAll(`[data-value-for="${escaped}"]`).forEach((el) => {
      el.textContent = text.value || "–";
    });
    const hint = document.getElementById(`hint-${question}`);
    if (hint && text.hint) hint.textContent = text.hint;
  });
});

// After a refused submission, take keyboard and screen-reader users to the list of problems.
document.addEventListener("DOMContentLoaded", () => {
  const problems = document.getElementById("problems");
  if (problems) problems.focus();
});

// An autosave that fails (the server busy with 503, or not reachable) must not look saved:
// the field keeps what was typed and its save state says so, in the page's language.
function showSaveFailure(event) {
  const target = event.detail.target;
  const form = target && target.closest(".survey-form");
  if (!form || !target.classList.contains("save-state")) return;
  target.querySelectorAll(".save-ok, .kern-error, .muted").forEach((el) => el.remove());
  const message = document.createElement("span");
  message.className = "kern-error";
  message.setAttribute("role", "alert");
  message.textContent = form.dataset.saveFailed;
  target.append(message);
}
document.body.addEventListener("htmx:responseError", showSaveFailure);
document.body.addEventListener("htmx:sendError", showSaveFailure);

// Removing an instance of a repeat that holds answers asks first (without JavaScript the
// server asks on a page of its own); a confirmed removal says so, so the server does not ask.
document.body.addEventListener("click", (event) => {
  const button = event.target.closest("button[name='remove'][data-confirm]");
  if (!button) return;
  const instance = button.closest(".survey-instance");
  const filled = instance && [...instance.querySelectorAll("input, textarea, select")].some(
    (el) =>
      el.type !== "hidden" &&
      ((el.type === "checkbox" || el.type === "radio") ? el.checked : el.value.trim() !== ""),
  );
  if (filled && !window.confirm(button.dataset.confirm)) {
    event.preventDefault();
    return;
  }
  const form = button.form;
  let confirmed = form.querySelector("input[name='confirmed']");
  if (!confirmed) {
    confirmed = document.createElement("input");
    confirmed.type = "hidden";
    confirmed.name = "confirmed";
    form.append(confirmed);
  }
  confirmed.value = "1";
});

// Skip logic, applied live: after every autosave the server names the questions that apply
// (HX-Trigger "relevance"); the others are hidden. Without JavaScript all questions show and
// the server skips the ones that do not apply on submit.
document.body.addEventListener("relevance", (event) => {
  const applies = new Set(event.detail.value);
  document.querySelectorAll(".survey-question[data-question]").forEach((el) => {
    el.hidden = !applies.has(el.dataset.question);
  });
});

// After a refused submission, take keyboard and screen-reader users to the list of problems.
document.addEventListener("DOMContentLoaded", () => {
  const problems = document.getElementById("problems");
  if (problems) problems.focus();
});

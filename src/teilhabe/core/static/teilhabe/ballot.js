// The dot-vote ballot's "points left", recomputed as the voter types. The page already shows
// the figure for what it was sent with, so without JavaScript it is right after each save.
document.addEventListener("DOMContentLoaded", () => {
  const ballot = document.getElementById("ballot");
  const output = document.getElementById("points-left-count");
  const over = document.getElementById("points-over");
  if (!ballot || !output || !over) {
    return;
  }
  const budget = Number(output.dataset.budget);
  const update = () => {
    let given = 0;
    for (const input of ballot.querySelectorAll("input[type=number]")) {
      const value = Number(input.value.trim() || "0");
      if (Number.isInteger(value) && value > 0) {
        given += value;
      }
    }
    const left = budget - given;
    output.textContent = String(left);
    over.hidden = left >= 0;
  };
  ballot.addEventListener("input", update);
  update();
});

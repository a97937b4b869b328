// Filter forms: leave out the fields left empty, so "any" means no filter rather than an empty value.
document.addEventListener("submit", function (event) {
  const form = event.target;
  if (!form.classList || !form.classList.contains("filters")) { return; }
  for (const field of form.elements) {
    if (field.name && field.value === "") { field.disabled = true; }
  }
  // re-enable after the browser has read the form, so going back shows the fields usable
  setTimeout(function () { for (const field of form.elements) { field.disabled = false; } }, 0);
});

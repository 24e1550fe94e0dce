// Small conveniences of the portal's forms, for browsers that run scripts; without them every form still works
// (a GET form and its button).
(function () {
  // A list that refines the next one (région → département → EPCI → commune) sends its form when it changes, as the
  // "Afficher" button would: the page comes back with the next list filled in, and focus on it.
  document.addEventListener("change", event => {
    const select = event.target;
    if (select instanceof HTMLSelectElement && select.dataset.autosubmit === "true" && select.form) {
      select.form.requestSubmit();
    }
  });
})();

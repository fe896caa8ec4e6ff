// The settings page works without script; with it, the next rounds follow the schedule as it is
// typed: the form is posted to the preview handler (which saves nothing) and its table replaces this one.
(() => {
  const form = document.getElementById("schedule-form");
  const upcoming = document.getElementById("upcoming");
  if (!form || !upcoming || !window.fetch) return;
  let timer = 0;
  let latest = 0;
  const refresh = async () => {
    const asked = ++latest;
    const response = await fetch("?handler=preview", { method: "POST", body: new FormData(form), credentials: "same-origin" });
    if (!response.ok || asked !== latest) return;
    const page = new DOMParser().parseFromString(await response.text(), "text/html");
    const fresh = page.getElementById("upcoming");
    if (fresh) upcoming.innerHTML = fresh.innerHTML;
    for (const problem of form.querySelectorAll(".problem")) problem.remove();
    for (const problem of page.querySelectorAll("#schedule-form .fields .problem")) {
      const field = form.querySelector(`[aria-describedby="${problem.id}"]`);
      field?.closest("label")?.insertAdjacentElement("afterend", document.importNode(problem, true));
    }
  };
  const schedule = () => { clearTimeout(timer); timer = setTimeout(() => refresh().catch(() => {}), 350); };
  form.addEventListener("input", schedule);
  form.addEventListener("change", schedule);
})();

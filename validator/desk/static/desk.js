// The desk's only script: live check progress, busy forms, confirmations. No build step.
"use strict";
(function () {
  const progress = document.getElementById("progress");
  if (progress && ["queued", "running"].includes(progress.dataset.status)) {
    const state = document.getElementById("check-state");
    const words = {queued: state.textContent, running: document.documentElement.lang === "en" ? "checking" : "正在审核"};
    const started = Date.now();
    const poll = async () => {
      const answer = await fetch(`/api/cases/${progress.dataset.case}`, {headers: {Accept: "application/json"}});
      if (answer.ok) {
        const data = await answer.json();
        if (data.status === "done" || data.status === "failed") { location.reload(); return; }
        const ahead = data.queue_ahead ? ` (${data.queue_ahead})` : "";
        state.textContent = `${words[data.status] || data.status}${ahead} · ${Math.round((Date.now() - started) / 1000)} s`;
        state.className = `cs cs-${data.status}`;
      }
      setTimeout(poll, 700);
    };
    setTimeout(poll, 300);
  }
  for (const form of document.querySelectorAll("form[data-confirm]")) {
    form.addEventListener("submit", (event) => { if (!confirm(form.dataset.confirm)) event.preventDefault(); });
  }
  for (const form of document.querySelectorAll("form[data-busy]")) {
    form.addEventListener("submit", () => setTimeout(() => form.classList.add("busy"), 0));
  }
})();

// The desk's only script: live check progress, busy forms, confirmations. No build step.
"use strict";
(function () {
  const progress = document.getElementById("progress");
  if (progress && ["queued", "running"].includes(progress.dataset.status)) {
    const state = document.getElementById("check-state");
    const en = document.documentElement.lang === "en";
    const words = {queued: state.textContent, running: en ? "checking" : "正在审核", files: en ? "files read" : "个文件已读"};
    const started = Date.now();
    const poll = async () => {
      const answer = await fetch(`/api/cases/${progress.dataset.case}`, {headers: {Accept: "application/json"}});
      if (answer.ok) {
        const data = await answer.json();
        if (data.status === "done" || data.status === "failed") { location.reload(); return; }
        const ahead = data.queue_ahead ? ` (${data.queue_ahead})` : "";
        const files = data.files_total ? ` · ${data.files_done}/${data.files_total} ${words.files}` : "";
        state.textContent = `${words[data.status] || data.status}${ahead}${files} · ${Math.round((Date.now() - started) / 1000)} s`;
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

// The article form's mention panel: scans the text while it is written and adds citations in one click.
// Our own script, loaded from 'self' under the desk's CSP; it only asks the server and shows its answer.
(function () {
  "use strict";
  const panel = document.getElementById("insights-panel");
  if (!panel) return;
  const form = panel.closest("form");
  const list = panel.querySelector(".insights-mentions");
  const status = panel.querySelector(".insights-status");
  const citations = document.getElementById("citations-group");
  if (citations) citations.after(panel);
  let dirty = false;
  let lastSent = "";
  let timer = null;
  const added = [];

  function field(name) {
    const element = form.querySelector(`[name="${name}"]`);
    return element ? element.value : "";
  }

  function citedRows() {
    const total = parseInt(field("citations-TOTAL_FORMS") || "0", 10);
    const rows = [];
    for (let i = 0; i < total; i += 1) {
      const removed = form.querySelector(`[name="citations-${i}-DELETE"]`);
      if (removed && removed.checked) continue;
      const anonymous = form.querySelector(`[name="citations-${i}-is_anonymous"]`);
      rows.push({
        source: field(`citations-${i}-source`),
        organisation: field(`citations-${i}-organisation`),
        anonymous: Boolean(anonymous && anonymous.checked),
      });
    }
    return rows.concat(added);
  }

  function payload() {
    return JSON.stringify({
      article: panel.dataset.article || null,
      headline: field("headline"),
      standfirst: field("standfirst"),
      body: field("body"),
      citations: citedRows(),
    });
  }

  let leaving = false;

  async function scan() {
    if (leaving) return;
    const body = payload();
    if (body === lastSent) return;
    lastSent = body;
    try {
      const response = await fetch(panel.dataset.scanUrl, {
        method: "POST",
        credentials: "same-origin",
        headers: { "Content-Type": "application/json", "X-CSRFToken": field("csrfmiddlewaretoken") },
        body,
      });
      if (!response.ok) return;
      const answer = await response.json();
      list.innerHTML = answer.html;
    } catch (error) {
      // Offline or the desk is busy: the list stays as it was and the next change tries again.
    }
  }

  function later() {
    clearTimeout(timer);
    timer = setTimeout(scan, 700);
  }

  async function cite(button) {
    const data = new FormData();
    data.append("csrfmiddlewaretoken", field("csrfmiddlewaretoken"));
    data.append("kind", button.dataset.kind);
    data.append("pk", button.dataset.pk);
    data.append("version", field("base_version"));
    button.disabled = true;
    const response = await fetch(panel.dataset.citeUrl, {
      method: "POST",
      credentials: "same-origin",
      headers: { Accept: "application/json" },
      body: data,
    });
    const answer = await response.json();
    if (!response.ok) {
      status.textContent = answer.error || gettext("The citation could not be added.");
      button.disabled = false;
      return;
    }
    const version = form.querySelector('[name="base_version"]');
    if (version) version.value = answer.version;
    if (!dirty) {
      window.location.reload();
      return;
    }
    status.textContent = `${answer.message} It shows under Citations when the story is next opened; your unsaved changes are still here.`;
    added.push(button.dataset.kind === "source" ? { source: button.dataset.pk } : { organisation: button.dataset.pk });
    scan();
  }

  async function governance(row, fields) {
    const data = new FormData();
    data.append("csrfmiddlewaretoken", field("csrfmiddlewaretoken"));
    Object.entries(fields).forEach(([name, value]) => data.append(name, value));
    const response = await fetch(row.dataset.url, {
      method: "POST",
      credentials: "same-origin",
      headers: { Accept: "application/json" },
      body: data,
    });
    let answer = {};
    try {
      answer = await response.json();
    } catch (error) {
      answer = { message: gettext("Refused.") };
    }
    status.textContent = answer.message || "";
    if (answer.state) {
      row.className = `insights-${answer.state}`;
      row.querySelector(".insights-state").textContent = answer.label;
      row.dataset.fingerprint = answer.fingerprint;
    }
    return response.ok;
  }

  panel.addEventListener("click", async (event) => {
    const row = event.target.closest(".insights-unnamed li");
    if (!row) return;
    if (event.target.closest(".insights-save-justification")) {
      const fields = { action: "justify" };
      row.querySelectorAll("[data-name]").forEach((input) => {
        fields[input.dataset.name] = input.value;
      });
      if (await governance(row, fields)) row.querySelector("details").open = false;
    } else if (event.target.closest(".insights-sign-off")) {
      const button = event.target.closest(".insights-sign-off");
      if (await governance(row, { action: "sign_off", fingerprint: row.dataset.fingerprint })) button.remove();
    }
  });

  form.addEventListener("input", (event) => {
    if (!panel.contains(event.target)) dirty = true;
    later();
  });
  form.addEventListener("change", (event) => {
    if (!panel.contains(event.target)) dirty = true;
    later();
  });
  panel.addEventListener("click", (event) => {
    const button = event.target.closest(".insights-cite");
    if (button) cite(button);
  });
  // Once the form is on its way, no scan competes with its save.
  form.addEventListener("submit", () => {
    leaving = true;
    clearTimeout(timer);
  });
  // The rich-text editor writes the body into its field without always telling the form.
  setInterval(scan, 4000);
})();

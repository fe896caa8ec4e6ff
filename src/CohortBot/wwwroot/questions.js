// The question set page's previews: the check-in card as Teams shows it (the expanded Adaptive Card,
// drawn by Microsoft's adaptivecards renderer) and as Slack shows it (the Block Kit the server's
// renderer makes, drawn like a Slack message). They follow the form as it is typed.
(() => {
  const form = document.getElementById("questions-form");
  const teams = document.getElementById("teams-preview");
  const slack = document.getElementById("slack-preview");
  const problems = document.getElementById("preview-problems");
  if (!form || !teams || !slack) return;

  const el = (tag, className, text) => {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  };
  const textOf = (t) => (t && typeof t === "object" ? t.text : t) || "";

  const drawTeams = (card) => {
    teams.replaceChildren();
    if (!card) { teams.append(el("p", "muted", "Add a question to see the card.")); return; }
    const adaptive = new AdaptiveCards.AdaptiveCard();
    adaptive.hostConfig = new AdaptiveCards.HostConfig({ fontFamily: "Segoe UI, system-ui, sans-serif" });
    adaptive.onExecuteAction = () => {};
    adaptive.parse(card);
    const rendered = adaptive.render();
    if (rendered) teams.append(rendered);
  };

  const element = (e, label) => {
    if (!e) return el("span");
    switch (e.type) {
      case "plain_text_input": { const box = el(e.multiline ? "textarea" : "input", "slack-input"); box.placeholder = textOf(e.placeholder); box.disabled = true; box.setAttribute("aria-label", label || textOf(e.placeholder) || "Answer"); return box; }
      case "static_select": case "multi_static_select": { const s = el("select", "slack-select"); s.disabled = true; s.setAttribute("aria-label", label || textOf(e.placeholder) || "Choice"); s.append(el("option", "", textOf(e.placeholder) || "Select")); for (const o of e.options || []) s.append(el("option", "", textOf(o.text))); return s; }
      case "radio_buttons": case "checkboxes": {
        const list = el("div", "slack-options");
        for (const o of e.options || []) { const row = el("label", "slack-option"); const mark = el("input"); mark.type = e.type === "radio_buttons" ? "radio" : "checkbox"; mark.disabled = true; row.append(mark, document.createTextNode(" " + textOf(o.text))); list.append(row); }
        return list;
      }
      case "button": return el("span", "slack-button" + (e.style === "primary" ? " primary" : ""), textOf(e.text));
      case "image": return el("span", "muted", "[image]");
      default: return el("span", "muted", `[${e.type}]`);
    }
  };

  const drawBlocks = (blocks, into) => {
    for (const b of blocks || []) {
      switch (b.type) {
        case "header": into.append(el("p", "slack-header", textOf(b.text))); break;
        case "section": {
          const s = el("div", "slack-section");
          if (b.text) s.append(el("p", "slack-text", textOf(b.text)));
          for (const f of b.fields || []) s.append(el("p", "slack-field", textOf(f)));
          if (b.accessory) s.append(element(b.accessory));
          into.append(s); break;
        }
        case "context": into.append(el("p", "slack-context", (b.elements || []).map(textOf).join("  "))); break;
        case "divider": into.append(el("hr", "slack-divider")); break;
        case "actions": { const row = el("div", "slack-actions"); for (const e of b.elements || []) row.append(element(e)); into.append(row); break; }
        case "input": {
          const group = el("div", "slack-input-block");
          group.append(el("p", "slack-label", textOf(b.label) + (b.optional ? " (optional)" : "")));
          group.append(element(b.element, textOf(b.label)));
          if (b.hint) group.append(el("p", "slack-context", textOf(b.hint)));
          into.append(group); break;
        }
        default: into.append(el("p", "muted", `[${b.type}]`));
      }
    }
  };

  const drawSlack = (message) => {
    slack.replaceChildren();
    if (!message) return;
    const post = el("div", "slack-message");
    const head = el("p", "slack-author"); head.append(el("strong", "", "CohortBot"), el("span", "slack-app", "APP"));
    post.append(head);
    drawBlocks(message.blocks, post);
    slack.append(post);
    if (message.modal) {
      const modal = el("div", "slack-modal");
      modal.append(el("p", "slack-header", textOf(message.modal.title) + " (opens as a Slack form)"));
      drawBlocks(message.modal.blocks, modal);
      if (message.modal.submit) modal.append(el("span", "slack-button primary", textOf(message.modal.submit)));
      slack.append(modal);
    }
  };

  const draw = (preview) => {
    try { drawTeams(preview && preview.teams); } catch (e) { teams.replaceChildren(el("p", "problem", "The Teams preview could not be drawn.")); }
    drawSlack(preview && preview.slack);
    if (problems) problems.textContent = preview && preview.problems && preview.problems.length ? preview.problems.join(" ") : "";
  };

  const initial = document.getElementById("preview-data");
  draw(initial ? JSON.parse(initial.textContent || "null") : null);

  let timer = 0, latest = 0;
  const refresh = async () => {
    const asked = ++latest;
    const body = new FormData(form);
    body.delete("op");
    const response = await fetch("?handler=preview", { method: "POST", body, credentials: "same-origin" });
    if (!response.ok || asked !== latest) return;
    draw(await response.json());
  };
  const schedule = () => { clearTimeout(timer); timer = setTimeout(() => refresh().catch(() => {}), 300); };
  form.addEventListener("input", schedule);
  form.addEventListener("change", schedule);
})();

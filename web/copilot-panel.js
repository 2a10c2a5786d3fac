// The copilot panel of the reference page: asks the server-side copilot (streamed), shows each proposal with its
// issues, and applies one only when the organizer clicks, with a normal autosave.
import { ProblemError } from "./client/index.js";

const STAGE_TITLES = {
  organizerSetup: "Organizer", eventSetup: "Event", ticketSetup: "Tickets", venueSetup: "Venue", paymentSetup: "Payment",
};

/**
 * Draws the panel into `container` for `session`. `onApply(stage, data)` is called after a proposal was handed to
 * autosave, so the page can show it in its form.
 */
export function mountCopilotPanel(container, session, onApply) {
  container.replaceChildren(template());
  const form = container.querySelector("#copilot-ask");
  const input = container.querySelector("#copilot-message");
  const reply = container.querySelector("#copilot-reply");
  const proposals = container.querySelector("#copilot-proposals");
  form.addEventListener("submit", async event => {
    event.preventDefault();
    const button = form.querySelector("button");
    button.disabled = true;
    reply.textContent = "";
    proposals.replaceChildren();
    try {
      const answer = await session.ask(input.value, { onDelta: text => { reply.textContent += text; } });
      reply.textContent = answer.reply;
      for (const proposal of answer.proposals) {
        proposals.append(proposalItem(proposal, session, onApply));
      }
      input.value = "";
    } catch (error) {
      reply.textContent = error instanceof ProblemError ? error.detail : "The copilot could not be reached.";
    } finally {
      button.disabled = false;
    }
  });
}

function template() {
  const section = document.createElement("section");
  section.setAttribute("aria-labelledby", "copilot-title");
  section.innerHTML = `
    <h2 id="copilot-title">Copilot</h2>
    <form id="copilot-ask">
      <label for="copilot-message">Ask the copilot</label>
      <textarea id="copilot-message" rows="2" maxlength="4000" required></textarea>
      <button type="submit">Ask</button>
    </form>
    <p id="copilot-reply" aria-live="polite"></p>
    <ul id="copilot-proposals"></ul>`;
  return section;
}

function proposalItem(proposal, session, onApply) {
  const item = document.createElement("li");
  item.className = "proposal";
  item.dataset.stage = proposal.stage;
  const title = document.createElement("p");
  title.textContent = `Proposed for ${STAGE_TITLES[proposal.stage] ?? proposal.stage}`;
  const data = document.createElement("pre");
  data.textContent = JSON.stringify(proposal.data, null, 2);
  data.style.whiteSpace = "pre-wrap";
  const issues = document.createElement("ul");
  issues.className = "issue";
  for (const issue of proposal.issues) {
    issues.append(Object.assign(document.createElement("li"), { textContent: `${issue.field}: ${issue.message}` }));
  }
  const apply = document.createElement("button");
  apply.type = "button";
  apply.textContent = proposal.issues.length === 0 ? "Apply" : "Apply anyway (it has issues)";
  apply.addEventListener("click", () => {
    session.autosave(proposal.stage, proposal.data);
    apply.disabled = true;
    apply.textContent = "Applied";
    onApply(proposal.stage, proposal.data);
  });
  item.append(title, data, issues, apply);
  return item;
}

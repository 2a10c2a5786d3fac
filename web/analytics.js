// The organizers' dashboard of the reference page: GET /api/wizard-analytics through the typed client, drawn as plain
// SVG. Every number drawn carries data-figure="<path in the response>" (funnel/reached/eventSetup, ai/byModel/gpt-4.1/turns:
// slashes, as model names hold dots), so a test can hold each one against the API's answer.

const SVG = "http://www.w3.org/2000/svg";
const STAGE_TITLES = {
  organizerSetup: "Organizer", eventSetup: "Event", ticketSetup: "Tickets",
  venueSetup: "Venue", paymentSetup: "Payment", reviewPublish: "Review",
};
const BAR = 22;
const LABEL_WIDTH = 130;
const CHART_WIDTH = 560;

/** Renders the analytics view into `container`: a range form, then the charts of the range (default the last 30 days). */
export async function renderAnalytics(container, client) {
  container.replaceChildren(element("section", { class: "analytics" }, [
    element("h2", { tabindex: "-1" }, "Analytics"),
    rangeForm(async (from, to) => show(container.querySelector("#analytics-charts"), client, from, to)),
    element("div", { id: "analytics-charts", "aria-live": "polite" }),
  ]));
  const form = container.querySelector("form");
  await show(container.querySelector("#analytics-charts"), client, form.from.value || undefined, form.to.value || undefined);
}

function rangeForm(onSubmit) {
  const form = element("form", { class: "analytics-range" }, [
    element("label", { for: "analytics-from" }, "From"), element("input", { id: "analytics-from", name: "from", type: "date" }),
    element("label", { for: "analytics-to" }, "To"), element("input", { id: "analytics-to", name: "to", type: "date" }),
    element("button", { type: "submit" }, "Show"),
  ]);
  form.addEventListener("submit", event => {
    event.preventDefault();
    onSubmit(form.from.value || undefined, form.to.value || undefined);
  });
  return form;
}

async function show(target, client, from, to) {
  target.replaceChildren(element("p", {}, "Loading…"));
  let figures;
  try {
    figures = await client.analytics({ from, to });
  } catch (error) {
    target.replaceChildren(element("p", { class: "banner", role: "alert" }, error?.message ?? String(error)));
    return;
  }
  const form = target.closest(".analytics").querySelector("form");
  form.from.value = figures.from;
  form.to.value = figures.to;
  target.replaceChildren(
    element("p", { class: "analytics-range-shown" }, [
      "From ", figure("from", figures.from), " to ", figure("to", figures.to), " (UTC)"]),
    chart("Funnel: sessions started in the range, by the furthest stage reached", funnelBars(figures.funnel)),
    outcomes(figures),
    chart("Sessions started and published per day", dailyColumns(figures.daily)),
    chart("Customer satisfaction: ratings by score", csatBars(figures.csat)),
    ratingsTable("CSAT by stage", "csat/byStage", figures.csat.byStage, stage => STAGE_TITLES[stage] ?? stage),
    ratingsTable("CSAT by model", "csat/byModel", figures.csat.byModel, model => model),
    chart("AI use by model: turns and tokens", modelBars(figures.ai.byModel)),
    latencyTable(figures.ai.byModel),
    failuresTable(figures.publishFailures));
}

function funnelBars(funnel) {
  const rows = Object.entries(funnel.reached).map(([stage, count]) => ({
    label: `Reached ${STAGE_TITLES[stage]}`, value: count, path: `funnel/reached/${stage}` }));
  rows.unshift({ label: "Started", value: funnel.started, path: "funnel/started" });
  rows.push({ label: "Published", value: funnel.published, path: "funnel/published" });
  return bars(rows, "funnel");
}

function outcomes(figures) {
  const { funnel, timeToPublish, csat } = figures;
  return element("dl", { class: "analytics-outcomes" }, [
    element("dt", {}, "Published"), element("dd", {}, figure("funnel/published", funnel.published)),
    element("dt", {}, "Abandoned"), element("dd", {}, figure("funnel/abandoned", funnel.abandoned)),
    element("dt", {}, "Expired"), element("dd", {}, figure("funnel/expired", funnel.expired)),
    element("dt", {}, "Time to publish, median"), element("dd", {}, [figure("timeToPublish/p50Seconds", timeToPublish.p50Seconds), " s"]),
    element("dt", {}, "Time to publish, 90th percentile"), element("dd", {}, [figure("timeToPublish/p90Seconds", timeToPublish.p90Seconds), " s"]),
    element("dt", {}, "CSAT"), element("dd", {}, [figure("csat/mean", csat.mean), " mean of ", figure("csat/count", csat.count), " ratings"]),
  ]);
}

function csatBars(csat) {
  return bars(Object.entries(csat.distribution).map(([score, count]) => ({
    label: `${score} ${"★".repeat(Number(score))}`, value: count, path: `csat/distribution/${score}` })), "csat");
}

function modelBars(byModel) {
  const models = Object.entries(byModel);
  if (models.length === 0) {
    return null;
  }
  const maxTokens = Math.max(1, ...models.map(([, m]) => m.tokens));
  const maxTurns = Math.max(1, ...models.map(([, m]) => m.turns));
  const height = models.length * (2 * BAR + 12);
  const svg = svgElement("svg", { viewBox: `0 0 ${CHART_WIDTH} ${height}`, width: "100%", role: "img", class: "chart models" });
  models.forEach(([model, m], i) => {
    const y = i * (2 * BAR + 12);
    svg.append(svgText(model, 0, y + BAR + 4, { class: "label" }));
    svg.append(svgBar(y, m.turns / maxTurns, "turns"));
    svg.append(svgFigure(`ai/byModel/${model}/turns`, m.turns, y, m.turns / maxTurns, " turns"));
    svg.append(svgBar(y + BAR, m.tokens / maxTokens, "tokens"));
    svg.append(svgFigure(`ai/byModel/${model}/tokens`, m.tokens, y + BAR, m.tokens / maxTokens, " tokens"));
  });
  return svg;
}

function latencyTable(byModel) {
  const rows = Object.entries(byModel).map(([model, m]) => element("tr", {}, [
    element("th", { scope: "row" }, model),
    element("td", {}, figure(`ai/byModel/${model}/latencyP50Ms`, m.latencyP50Ms)),
    element("td", {}, figure(`ai/byModel/${model}/latencyP95Ms`, m.latencyP95Ms)),
    element("td", {}, latencyStrip(m.latencyP50Ms, m.latencyP95Ms, Math.max(1, ...Object.values(byModel).map(x => x.latencyP95Ms ?? 0)))),
  ]));
  return table("AI latency by model (ms)", ["Model", "p50", "p95", ""], rows);
}

/** A strip from 0 to the slowest p95 of the range: a bar to p50, a tick at p95. */
function latencyStrip(p50, p95, max) {
  const svg = svgElement("svg", { viewBox: "0 0 200 14", width: "200", height: "14", "aria-hidden": "true", class: "latency" });
  if (p50 !== null) {
    svg.append(svgElement("rect", { x: 0, y: 3, width: 200 * p50 / max, height: 8, class: "p50" }));
  }
  if (p95 !== null) {
    svg.append(svgElement("rect", { x: Math.max(0, 200 * p95 / max - 2), y: 0, width: 2, height: 14, class: "p95" }));
  }
  return svg;
}

function dailyColumns(daily) {
  const max = Math.max(1, ...daily.map(d => d.started));
  const height = 160;
  const width = Math.max(CHART_WIDTH, daily.length * 6);
  const step = width / daily.length;
  const svg = svgElement("svg", { viewBox: `0 0 ${width} ${height + 20}`, width: "100%", role: "img", class: "chart daily" });
  daily.forEach((day, i) => {
    const started = height * day.started / max;
    const published = height * day.published / max;
    const column = svgElement("g", { "data-date": day.date });
    column.append(svgElement("title", {}, `${day.date}: ${day.started} started, ${day.published} published`));
    column.append(svgElement("rect", { x: i * step + 1, y: height - started, width: Math.max(1, step - 2), height: started, class: "started" }));
    column.append(svgElement("rect", { x: i * step + 1, y: height - published, width: Math.max(1, step - 2), height: published, class: "published" }));
    svg.append(column);
  });
  svg.append(svgText(daily[0].date, 0, height + 16, { class: "axis" }));
  svg.append(svgText(daily.at(-1).date, width, height + 16, { class: "axis", "text-anchor": "end" }));
  svg.append(svgText(`max ${max} a day`, width, 12, { class: "axis", "text-anchor": "end" }));
  return svg;
}

function ratingsTable(caption, path, groups, title) {
  const rows = Object.entries(groups).map(([key, group]) => element("tr", {}, [
    element("th", { scope: "row" }, title(key)),
    element("td", {}, figure(`${path}/${key}/count`, group.count)),
    element("td", {}, figure(`${path}/${key}/mean`, group.mean)),
  ]));
  return table(caption, ["", "Ratings", "Mean"], rows);
}

function failuresTable(failures) {
  const rows = Object.entries(failures).map(([code, count]) => element("tr", {}, [
    element("th", { scope: "row" }, element("code", {}, code)), element("td", {}, figure(`publishFailures/${code}`, count))]));
  return table("Failed publishes by problem", ["Problem", "Attempts"], rows);
}

/** Horizontal bars, one per row, each with its label and its number. */
function bars(rows, kind) {
  const max = Math.max(1, ...rows.map(r => r.value));
  const svg = svgElement("svg", { viewBox: `0 0 ${CHART_WIDTH} ${rows.length * (BAR + 6)}`, width: "100%", role: "img", class: `chart ${kind}` });
  rows.forEach((row, i) => {
    const y = i * (BAR + 6);
    svg.append(svgText(row.label, 0, y + BAR * 0.7, { class: "label" }));
    svg.append(svgBar(y, row.value / max, kind));
    svg.append(svgFigure(row.path, row.value, y, row.value / max, ""));
  });
  return svg;
}

function svgBar(y, share, kind) {
  return svgElement("rect", { x: LABEL_WIDTH, y, width: Math.max(1, share * (CHART_WIDTH - LABEL_WIDTH - 90)), height: BAR - 2, class: `bar ${kind}` });
}

function svgFigure(path, value, y, share, unit) {
  const text = svgText("", LABEL_WIDTH + share * (CHART_WIDTH - LABEL_WIDTH - 90) + 6, y + BAR * 0.7, { class: "value" });
  const number = svgElement("tspan", { "data-figure": path }, display(value));
  text.append(number, unit);
  return text;
}

function chart(caption, svg) {
  if (!svg) {
    return element("figure", {}, [element("figcaption", {}, caption), element("p", {}, "Nothing in this range.")]);
  }
  svg.setAttribute("aria-label", caption);
  return element("figure", {}, [element("figcaption", {}, caption), svg]);
}

function table(caption, headings, rows) {
  if (rows.length === 0) {
    return element("p", {}, `${caption}: nothing in this range.`);
  }
  return element("table", { class: "analytics-table" }, [
    element("caption", {}, caption),
    element("thead", {}, element("tr", {}, headings.map(h => element("th", { scope: "col" }, h)))),
    element("tbody", {}, rows),
  ]);
}

function figure(path, value) {
  return element("span", { "data-figure": path }, display(value));
}

function display(value) {
  return value === null || value === undefined ? "–" : String(value);
}

function svgText(text, x, y, attributes) {
  return svgElement("text", { x, y, ...attributes }, text);
}

function svgElement(name, attributes, text) {
  const node = document.createElementNS(SVG, name);
  for (const [key, value] of Object.entries(attributes)) {
    node.setAttribute(key, String(value));
  }
  if (text !== undefined) {
    node.textContent = text;
  }
  return node;
}

function element(name, attributes, children = []) {
  const node = document.createElement(name);
  for (const [key, value] of Object.entries(attributes)) {
    node.setAttribute(key, value);
  }
  node.append(...[children].flat().filter(child => child !== null && child !== undefined));
  return node;
}

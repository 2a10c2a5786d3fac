// The stage payloads of one complete wizard, in wizard order: what each step of the form autosaves as `data`.
// The event date must lie in the future in the event's time zone, so it is a month from today.
export function stagePayloads(today = new Date()) {
  const inAMonth = new Date(today.getTime() + 30 * 24 * 60 * 60 * 1000).toISOString().slice(0, 10);
  return {
    organizerSetup: { name: "Ann Lee", email: "ann@example.com" },
    eventSetup: { title: "Spring show", type: "popup", date: inAMonth, startTime: "18:00", timezone: "UTC" },
    ticketSetup: { tiers: [{ name: "General admission", price: 0, quantity: 50 }], totalCapacity: 50 },
    venueSetup: { mode: "virtual", url: "https://meet.example.com/spring-show" },
    paymentSetup: { enabled: false },
  };
}

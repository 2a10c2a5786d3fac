using EventWizard.Shared.Http;
using Microsoft.AspNetCore.Http;

namespace EventWizard.Shared.Events;

/// <summary>The problems of the event routes.</summary>
public static class EventProblems
{
    public static Problem NotFound() =>
        Problem.Of(StatusCodes.Status404NotFound, "event_not_found", "Event not found", "There is no event with that id.");

    public static Problem PublicNotFound() =>
        Problem.Of(StatusCodes.Status404NotFound, "event_not_found", "Event not found", "There is no published event with that address.");
}

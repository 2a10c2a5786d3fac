using EventWizard.Shared.Http;
using Microsoft.AspNetCore.Http;

namespace EventWizard.Shared.Events;

/// <summary>The responses of the event routes, from what the store found (the one place that writes them).</summary>
public static class EventResults
{
    public static IResult Listed((IReadOnlyList<EventRow> Items, PageCursor? Next) page) =>
        new JsonResult(new { items = page.Items, next = page.Next?.Encode() });

    /// <summary>200 with the organization's event; 404 for any other id.</summary>
    public static IResult Read(EventRow? row) => row is null ? EventProblems.NotFound().ToResult() : new JsonResult(row);

    /// <summary>
    /// 200 with a published event's public fields (304 when <paramref name="ifNoneMatch"/> names it), cacheable; 404 for
    /// any other slug.
    /// </summary>
    public static IResult ReadPublic(PublicEventRow? row, string? ifNoneMatch) =>
        row is null ? EventProblems.PublicNotFound().ToResult()
            : EntityTags.Conditional(ifNoneMatch, row.EntityTag, PublicEventRow.CacheControl, row);
}

using EventWizard.Shared.Http;
using EventWizard.Shared.Sessions;
using Microsoft.AspNetCore.Http;

namespace EventWizard.Shared.Interactions;

/// <summary>The responses of the transcript routes, from what the store found (the one place that writes them).</summary>
public static class InteractionResults
{
    /// <summary>201 with the appended interaction; 404 when the organization has no such session.</summary>
    public static IResult Added(InteractionRow? row) =>
        row is null ? SessionProblems.NotFound().ToResult() : new JsonResult(row, StatusCodes.Status201Created);

    /// <summary>200 with the page; 404 for no such session; 400 when <c>after</c> names no interaction of it.</summary>
    public static IResult Listed(InteractionPage? page) => page switch
    {
        null => SessionProblems.NotFound().ToResult(),
        { CursorFound: false } => Problems.Validation("after", "not_found", "after is not the id of an interaction of this session.").ToResult(),
        _ => new JsonResult(new { items = page.Items, next = page.Next }),
    };
}

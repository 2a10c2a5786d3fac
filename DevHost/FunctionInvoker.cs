using System.Reflection;
using Microsoft.AspNetCore.Http;

namespace EventWizard.DevHost;

/// <summary>
/// Calls a function's entry point the way the isolated worker binds it: HttpRequest, route values by
/// parameter name, TimerInfo, CancellationToken; the class is built from the app's services.
/// </summary>
public static class FunctionInvoker
{
    public static async Task<object?> InvokeAsync(FunctionDescriptor function, IServiceProvider services,
        HttpContext? httpContext, CancellationToken ct)
    {
        var method = function.Method;
        var target = method.IsStatic ? null : ActivatorUtilities.CreateInstance(services, method.DeclaringType!);
        var arguments = method.GetParameters().Select(p => Bind(p, httpContext, ct)).ToArray();
        object? returned;
        try
        {
            returned = method.Invoke(target, arguments);
        }
        catch (TargetInvocationException ex) when (ex.InnerException is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(ex.InnerException);
            throw;
        }
        return await Unwrap(returned);
    }

    private static object? Bind(ParameterInfo parameter, HttpContext? httpContext, CancellationToken ct)
    {
        var type = parameter.ParameterType;
        if (type == typeof(CancellationToken))
        {
            return ct;
        }
        if (type == typeof(HttpRequest))
        {
            return httpContext?.Request ?? throw new InvalidOperationException("An HTTP function needs a request.");
        }
        if (httpContext is not null && httpContext.Request.RouteValues.TryGetValue(parameter.Name!, out var routeValue))
        {
            return routeValue is null ? null : Convert.ChangeType(routeValue, type, System.Globalization.CultureInfo.InvariantCulture);
        }
        if (type.Name == "TimerInfo")
        {
            return Activator.CreateInstance(type);
        }
        throw new InvalidOperationException($"The DevHost cannot bind parameter {parameter.Name} ({type.Name}).");
    }

    private static async Task<object?> Unwrap(object? returned)
    {
        if (returned is not Task task)
        {
            return returned;
        }
        await task;
        var resultProperty = task.GetType().GetProperty("Result");
        var value = resultProperty?.GetValue(task);
        return value?.GetType().FullName == "System.Threading.Tasks.VoidTaskResult" ? null : value;
    }
}

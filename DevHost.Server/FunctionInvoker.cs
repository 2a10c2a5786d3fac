using System.Collections.Concurrent;
using System.Reflection;
using Microsoft.AspNetCore.Http;

namespace EventWizard.DevHost;

/// <summary>
/// Calls a function's entry point the way the isolated worker binds it: HttpRequest, route values by
/// parameter name, TimerInfo, CancellationToken; the class is built from the app's services. What reflection
/// can work out once per function (constructor, parameters, how to read the returned task's result) is kept:
/// reading Task&lt;T&gt;.Result by reflection on every call made the runtime emit and later finalize a new
/// invoke stub per request.
/// </summary>
public static class FunctionInvoker
{
    private static readonly ConcurrentDictionary<MethodInfo, Plan> Plans = new();

    public static async Task<object?> InvokeAsync(FunctionDescriptor function, IServiceProvider services,
        HttpContext? httpContext, CancellationToken ct)
    {
        var plan = Plans.GetOrAdd(function.Method, Plan.For);
        var target = plan.Create?.Invoke(services, []);
        var arguments = new object?[plan.Parameters.Length];
        for (var i = 0; i < arguments.Length; i++)
        {
            arguments[i] = Bind(plan.Parameters[i], httpContext, ct);
        }
        object? returned;
        try
        {
            returned = function.Method.Invoke(target, arguments);
        }
        catch (TargetInvocationException ex) when (ex.InnerException is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(ex.InnerException);
            throw;
        }
        if (returned is not Task task)
        {
            return returned;
        }
        await task;
        return plan.ReadResult(task);
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

    private sealed record Plan(ObjectFactory? Create, ParameterInfo[] Parameters, Func<Task, object?> ReadResult)
    {
        public static Plan For(MethodInfo method) => new(
            method.IsStatic ? null : ActivatorUtilities.CreateFactory(method.DeclaringType!, Type.EmptyTypes),
            method.GetParameters(),
            ResultReaderOf(method.ReturnType));

        private static Func<Task, object?> ResultReaderOf(Type returnType) =>
            returnType.IsGenericType && returnType.GetGenericTypeDefinition() == typeof(Task<>)
                ? typeof(Plan).GetMethod(nameof(ResultOf), BindingFlags.NonPublic | BindingFlags.Static)!
                    .MakeGenericMethod(returnType.GetGenericArguments()[0]).CreateDelegate<Func<Task, object?>>()
                : _ => null;

        private static object? ResultOf<T>(Task task) => ((Task<T>)task).Result;
    }
}

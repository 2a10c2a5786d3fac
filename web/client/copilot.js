/** One action per data stage, `save<Stage>` (saveEventSetup), its parameters from the stage's JSON Schema. */
export function copilotActions(stages) {
    return dataStages(stages).map(({ stage, schema, description }) => ({
        name: toolName(stage),
        description,
        parameters: parametersOf(schema),
        stage,
    }));
}
/** One tool per data stage, `save<Stage>`, whose parameters are the stage's JSON Schema as served. */
export function jsonSchemaTools(stages) {
    return dataStages(stages).map(({ stage, schema, description }) => ({
        name: toolName(stage),
        description,
        parameters: schema,
        stage,
    }));
}
function dataStages(stages) {
    return stages.flatMap(stage => {
        if (stage.name === "reviewPublish" || !stage.schema) {
            return [];
        }
        const schema = stage.schema;
        const rules = stage.rules.map(rule => rule.message);
        const description = [`Save the ${stage.name} stage of the event wizard.`, schema.description, ...rules]
            .filter((part) => Boolean(part)).join(" ");
        return [{ stage: stage.name, schema, description }];
    });
}
function toolName(stage) {
    return `save${stage[0].toUpperCase()}${stage.slice(1)}`;
}
function parametersOf(schema) {
    const required = new Set(schema.required ?? []);
    return Object.entries(schema.properties ?? {}).map(([name, node]) => parameterOf(name, node, required.has(name)));
}
function parameterOf(name, node, required) {
    const parameter = { name, type: copilotType(node), required };
    if (node.description) {
        parameter.description = node.description;
    }
    const values = node.enum?.filter((value) => typeof value === "string");
    if (values && values.length > 0) {
        parameter.enum = values;
    }
    const nested = node.properties ? node : node.items?.properties ? node.items : undefined;
    if (nested) {
        parameter.attributes = parametersOf(nested);
    }
    return parameter;
}
function copilotType(node) {
    const scalar = (type) => {
        const named = (Array.isArray(type) ? type : [type]).find(candidate => candidate !== "null") ?? "string";
        return named === "integer" ? "number" : named;
    };
    const type = scalar(node.type);
    if (type !== "array") {
        return type;
    }
    const item = scalar(node.items?.type);
    return item === "array" ? "object[]" : `${item}[]`;
}

import type { DataStage, WizardStage } from "./types.js";

/** A parameter of a CopilotKit action (`useCopilotAction({ parameters })`). */
export interface CopilotParameter {
  name: string;
  type?: "string" | "number" | "boolean" | "object" | "string[]" | "number[]" | "boolean[]" | "object[]";
  description?: string;
  required?: boolean;
  enum?: string[];
  attributes?: CopilotParameter[];
}

/** A CopilotKit action for one stage: spread it into `useCopilotAction` and add `handler` (and `available`). */
export interface CopilotActionDefinition {
  name: string;
  description: string;
  parameters: CopilotParameter[];
  /** The stage whose payload the action's arguments are. */
  stage: DataStage;
}

/** A tool whose arguments are one stage's payload, as a JSON Schema (function calling in LLM APIs). */
export interface JsonSchemaTool {
  name: string;
  description: string;
  /** The stage's JSON Schema 2020-12, as GET /api/wizard-stages serves it. */
  parameters: Record<string, unknown>;
  stage: DataStage;
}

interface SchemaNode {
  type?: string | string[];
  description?: string;
  enum?: unknown[];
  properties?: Record<string, SchemaNode>;
  required?: string[];
  items?: SchemaNode;
}

/** One action per data stage, `save<Stage>` (saveEventSetup), its parameters from the stage's JSON Schema. */
export function copilotActions(stages: readonly WizardStage[]): CopilotActionDefinition[] {
  return dataStages(stages).map(({ stage, schema, description }) => ({
    name: toolName(stage),
    description,
    parameters: parametersOf(schema),
    stage,
  }));
}

/** One tool per data stage, `save<Stage>`, whose parameters are the stage's JSON Schema as served. */
export function jsonSchemaTools(stages: readonly WizardStage[]): JsonSchemaTool[] {
  return dataStages(stages).map(({ stage, schema, description }) => ({
    name: toolName(stage),
    description,
    parameters: schema as Record<string, unknown>,
    stage,
  }));
}

function dataStages(stages: readonly WizardStage[]): Array<{ stage: DataStage; schema: SchemaNode; description: string }> {
  return stages.flatMap(stage => {
    if (stage.name === "reviewPublish" || !stage.schema) {
      return [];
    }
    const schema = stage.schema as SchemaNode;
    const rules = stage.rules.map(rule => rule.message);
    const description = [`Save the ${stage.name} stage of the event wizard.`, schema.description, ...rules]
      .filter((part): part is string => Boolean(part)).join(" ");
    return [{ stage: stage.name, schema, description }];
  });
}

function toolName(stage: DataStage): string {
  return `save${stage[0]!.toUpperCase()}${stage.slice(1)}`;
}

function parametersOf(schema: SchemaNode): CopilotParameter[] {
  const required = new Set(schema.required ?? []);
  return Object.entries(schema.properties ?? {}).map(([name, node]) => parameterOf(name, node, required.has(name)));
}

function parameterOf(name: string, node: SchemaNode, required: boolean): CopilotParameter {
  const parameter: CopilotParameter = { name, type: copilotType(node), required };
  if (node.description) {
    parameter.description = node.description;
  }
  const values = node.enum?.filter((value): value is string => typeof value === "string");
  if (values && values.length > 0) {
    parameter.enum = values;
  }
  const nested = node.properties ? node : node.items?.properties ? node.items : undefined;
  if (nested) {
    parameter.attributes = parametersOf(nested);
  }
  return parameter;
}

function copilotType(node: SchemaNode): CopilotParameter["type"] {
  const scalar = (type: string | string[] | undefined): "string" | "number" | "boolean" | "object" | "array" => {
    const named = (Array.isArray(type) ? type : [type]).find(candidate => candidate !== "null") ?? "string";
    return named === "integer" ? "number" : (named as "string" | "number" | "boolean" | "object" | "array");
  };
  const type = scalar(node.type);
  if (type !== "array") {
    return type;
  }
  const item = scalar(node.items?.type);
  return item === "array" ? "object[]" : `${item}[]`;
}

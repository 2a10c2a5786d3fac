export { EventWizardClient, PublishOutcomeUnknownError } from "./client.js";
export { WizardSession, UnsavedChangesError } from "./session.js";
export { ProblemError, NetworkError, isTransient } from "./problem.js";
export { memoryKeyStore, defaultKeyStore } from "./keyStore.js";
export { threeWayMerge, deepEqual } from "./merge.js";
export { STAGES, DATA_STAGES, PAYLOAD_COLUMNS, stageOf, dataStageOf, payloadOf } from "./stages.js";
export { copilotActions, jsonSchemaTools } from "./copilot.js";

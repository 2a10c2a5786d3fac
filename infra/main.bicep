// Event Wizard on Azure: three function apps on Flex Consumption sharing one managed identity, PostgreSQL with
// Microsoft Entra authentication, Key Vault for secrets, storage for the Functions host, Application Insights.
// docs/azure-deployment.md explains it; `azd up` deploys it (azure.yaml), or `az deployment group create`.

@minLength(1)
@maxLength(40)
@description('The environment\'s name (azd: AZURE_ENV_NAME); part of every resource\'s name.')
param environmentName string

@description('Region of every resource; Flex Consumption must be offered there.')
param location string = resourceGroup().location

@description('Object id of the database\'s Microsoft Entra administrator, who runs the migrations (azd: AZURE_PRINCIPAL_ID).')
param databaseAdminObjectId string

@description('The administrator\'s database role name: a user\'s UPN, or a group\'s or service principal\'s display name.')
param databaseAdminName string

@allowed(['User', 'Group', 'ServicePrincipal'])
param databaseAdminType string = 'User'

@description('The address of the machine that runs the migrations, let through the database firewall; empty for none.')
param clientIpAddress string = ''

param databaseSkuName string = 'Standard_B1ms'

@allowed(['Burstable', 'GeneralPurpose', 'MemoryOptimized'])
param databaseSkuTier string = 'Burstable'

@description('Origins of the frontend allowed to call the apps, comma-separated (Cors__AllowedOrigins), e.g. https://wizard.example.com; empty: no browser may call.')
param corsAllowedOrigins string = ''

@description('Issuer (iss) of the identity provider\'s tokens (Auth__Issuer).')
param authIssuer string

@description('Audience (aud) of the tokens for this API (Auth__Audience).')
param authAudience string

@description('OpenID Connect metadata or JWKS address (Auth__MetadataAddress); empty when an HS256 signing key is given.')
param authMetadataAddress string = ''

@description('Claim holding the organization id, or a dotted path (Auth__OrganizationClaim).')
param authOrganizationClaim string = 'org_id'

@secure()
@description('HS256 signing key (Supabase legacy secret); empty with OpenID Connect metadata. Stored in Key Vault.')
param authSigningKey string = ''

@secure()
@description('Stripe secret key (a restricted or test-mode key per environment). Stored in Key Vault.')
param stripeSecretKey string = ''

@allowed(['express', 'standard'])
param stripeAccountType string = 'express'

@description('NCRONTAB, UTC, of the cleanup timer (CleanupSchedule).')
param cleanupSchedule string = '0 0 3 * * *'

@description('Azure OpenAI (or compatible) endpoint of the wizard\'s copilot; empty turns the copilot off.')
param copilotEndpoint string = ''

param copilotModel string = ''

@secure()
@description('API key of the copilot endpoint; may be empty. Stored in Key Vault.')
param copilotApiKey string = ''

@description('Tokens the copilot may spend per organization per day.')
param copilotDailyTokenBudget int = 200000

var token = uniqueString(subscription().id, resourceGroup().id, environmentName)
var tags = { 'azd-env-name': environmentName }
var databaseName = 'event_wizard'
var apps = {
  wizardSession: { service: 'wizard-session', name: 'func-session-${token}' }
  publishEvent: { service: 'publish-event', name: 'func-publish-${token}' }
  cleanup: { service: 'cleanup', name: 'func-cleanup-${token}' }
}

module identity 'modules/identity.bicep' = {
  name: 'identity'
  params: {
    name: 'id-apps-${token}'
    location: location
    tags: tags
  }
}

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  params: {
    logAnalyticsName: 'log-${token}'
    applicationInsightsName: 'appi-${token}'
    location: location
    tags: tags
  }
}

module storage 'modules/storage.bicep' = {
  name: 'storage'
  params: {
    name: 'st${token}'
    location: location
    tags: tags
    deploymentContainers: [for app in items(apps): 'deploy-${app.value.service}']
    appsPrincipalId: identity.outputs.principalId
  }
}

module keyVault 'modules/key-vault.bicep' = {
  name: 'key-vault'
  params: {
    name: 'kv-${token}'
    location: location
    tags: tags
    appsPrincipalId: identity.outputs.principalId
    stripeSecretKey: stripeSecretKey
    authSigningKey: authSigningKey
    copilotApiKey: copilotApiKey
  }
}

module postgres 'modules/postgres.bicep' = {
  name: 'postgres'
  params: {
    name: 'psql-${token}'
    location: location
    tags: tags
    databaseName: databaseName
    adminObjectId: databaseAdminObjectId
    adminName: databaseAdminName
    adminType: databaseAdminType
    clientIpAddress: clientIpAddress
    skuName: databaseSkuName
    skuTier: databaseSkuTier
  }
}

// Secrets reach the apps as Key Vault references, resolved with the apps' identity; an empty secret stays empty.
var secretReference = '@Microsoft.KeyVault(SecretUri=${keyVault.outputs.uri}secrets/'

// Every app: the host's storage and telemetry, and the settings sections every app validates at start.
// Database__OwnerConnectionString is never set: the apps hold no credential that can change the schema
// (tools/Migrate migrates, from the postprovision hook).
var commonSettings = {
  AzureWebJobsStorage__accountName: storage.outputs.name
  AzureWebJobsStorage__credential: 'managedidentity'
  AzureWebJobsStorage__clientId: identity.outputs.clientId
  AZURE_CLIENT_ID: identity.outputs.clientId
  APPLICATIONINSIGHTS_CONNECTION_STRING: monitoring.outputs.applicationInsightsConnectionString
  // Port 5432, not the built-in PgBouncer: Burstable servers have none, and the cleanup's lock is session level.
  Database__ConnectionString: 'Host=${postgres.outputs.host};Port=5432;Database=${databaseName};Username=${identity.outputs.name};Ssl Mode=VerifyFull'
  Database__UseEntraAuth: 'true'
  Database__EntraTokenRefresh: '00:55:00'
  Database__MigrateOnStartup: 'false'
  Auth__Issuer: authIssuer
  Auth__Audience: authAudience
  Auth__MetadataAddress: authMetadataAddress
  Auth__OrganizationClaim: authOrganizationClaim
  Auth__SigningKey: empty(authSigningKey) ? '' : '${secretReference}auth-signing-key/)'
  Cors__AllowedOrigins: corsAllowedOrigins
  Resilience__DatabaseRetries: '3'
  Resilience__DatabaseBaseDelay: '00:00:00.100'
  Resilience__DatabaseMaxDelay: '00:00:01'
  Resilience__DatabaseTotalTimeout: '00:00:10'
  Resilience__StripeRetries: '2'
  Resilience__StripeBaseDelay: '00:00:00.500'
  Resilience__StripeMaxDelay: '00:00:04'
  Resilience__StripeAttemptTimeout: '00:00:10'
  Resilience__StripeTotalTimeout: '00:00:30'
  Resilience__CopilotRetries: '2'
  Resilience__CopilotBaseDelay: '00:00:00.500'
  Resilience__CopilotMaxDelay: '00:00:04'
  Resilience__CopilotAttemptTimeout: '00:01:00'
  Resilience__CopilotTotalTimeout: '00:01:30'
}

module wizardSession 'modules/function-app.bicep' = {
  name: 'app-wizard-session'
  params: {
    name: apps.wizardSession.name
    planName: 'plan-${apps.wizardSession.name}'
    serviceName: apps.wizardSession.service
    location: location
    tags: tags
    identityId: identity.outputs.id
    storageBlobEndpoint: storage.outputs.blobEndpoint
    deploymentContainer: 'deploy-${apps.wizardSession.service}'
    commonSettings: commonSettings
    appSettings: {
      Copilot__Endpoint: copilotEndpoint
      Copilot__Model: copilotModel
      Copilot__ApiKey: empty(copilotApiKey) ? '' : '${secretReference}copilot-api-key/)'
      Copilot__DailyTokenBudget: string(copilotDailyTokenBudget)
      // Azure OpenAI through the app's identity when no key is given (docs/copilot.md).
      Copilot__UseEntraAuth: empty(copilotApiKey) && !empty(copilotEndpoint) ? 'true' : 'false'
      Copilot__EntraScope: 'https://cognitiveservices.azure.com/.default'
      Copilot__TurnReserveTokens: '8000'
      Copilot__MaxOutputTokens: '1000'
    }
  }
}

module publishEvent 'modules/function-app.bicep' = {
  name: 'app-publish-event'
  params: {
    name: apps.publishEvent.name
    planName: 'plan-${apps.publishEvent.name}'
    serviceName: apps.publishEvent.service
    location: location
    tags: tags
    identityId: identity.outputs.id
    storageBlobEndpoint: storage.outputs.blobEndpoint
    deploymentContainer: 'deploy-${apps.publishEvent.service}'
    commonSettings: commonSettings
    appSettings: {
      // Stripe__ApiBase is left unset: only tests point the apps at another Stripe.
      Stripe__SecretKey: empty(stripeSecretKey) ? '' : '${secretReference}stripe-secret-key/)'
      Stripe__AccountType: stripeAccountType
      Stripe__StatusCacheTtl: '00:05:00'
      Stripe__NotReadyCacheTtl: '00:00:30'
    }
  }
}

module cleanup 'modules/function-app.bicep' = {
  name: 'app-cleanup'
  params: {
    name: apps.cleanup.name
    planName: 'plan-${apps.cleanup.name}'
    serviceName: apps.cleanup.service
    location: location
    tags: tags
    identityId: identity.outputs.id
    storageBlobEndpoint: storage.outputs.blobEndpoint
    deploymentContainer: 'deploy-${apps.cleanup.service}'
    commonSettings: commonSettings
    appSettings: {
      CleanupSchedule: cleanupSchedule
      Cleanup__BatchSize: '5000'
      Cleanup__StatementTarget: '00:00:00.250'
      Cleanup__TimeBudget: '00:04:00'
      Cleanup__InteractionRetention: '30.00:00:00'
      Cleanup__ClosedSessionRetention: '90.00:00:00'
      Cleanup__ActionLease: '00:10:00'
    }
  }
}

// Read by the postprovision hook (azure.yaml), which runs tools/Migrate; never a secret.
output AZURE_POSTGRES_HOST string = postgres.outputs.host
output AZURE_POSTGRES_DATABASE string = postgres.outputs.databaseName
output AZURE_APPS_IDENTITY_NAME string = identity.outputs.name
output AZURE_APPS_IDENTITY_PRINCIPAL_ID string = identity.outputs.principalId
output AZURE_KEY_VAULT_NAME string = keyVault.outputs.name
output WIZARD_SESSION_URI string = wizardSession.outputs.uri
output PUBLISH_EVENT_URI string = publishEvent.outputs.uri
output CLEANUP_URI string = cleanup.outputs.uri

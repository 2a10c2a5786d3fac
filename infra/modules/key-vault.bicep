// Key Vault (RBAC) with the secrets the apps read through Key Vault references. A secret is written only when its
// value is given; main.bicep leaves the app setting empty otherwise.

param name string
param location string
param tags object
param appsPrincipalId string
@secure()
param stripeSecretKey string
@secure()
param authSigningKey string
@secure()
param copilotApiKey string

var keyVaultSecretsUser = '4633458b-17de-408a-b874-0445c86b69e6'

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    tenantId: tenant().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 7
  }
}

resource stripe 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = if (!empty(stripeSecretKey)) {
  parent: vault
  name: 'stripe-secret-key'
  properties: {
    value: stripeSecretKey
  }
}

resource signing 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = if (!empty(authSigningKey)) {
  parent: vault
  name: 'auth-signing-key'
  properties: {
    value: authSigningKey
  }
}

resource copilot 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = if (!empty(copilotApiKey)) {
  parent: vault
  name: 'copilot-api-key'
  properties: {
    value: copilotApiKey
  }
}

resource secretsUser 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: vault
  name: guid(vault.id, appsPrincipalId, keyVaultSecretsUser)
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', keyVaultSecretsUser)
    principalId: appsPrincipalId
    principalType: 'ServicePrincipal'
  }
}

output name string = vault.name
@description('The vault\'s address, ending in a slash: a Key Vault reference is @Microsoft.KeyVault(SecretUri=<uri>secrets/<name>/).')
output uri string = vault.properties.vaultUri

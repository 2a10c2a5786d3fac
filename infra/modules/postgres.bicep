// Azure Database for PostgreSQL Flexible Server with Microsoft Entra authentication only (no passwords anywhere).
// The Entra administrator (the deployer, or better a group) owns the schema: tools/Migrate runs the migrations as it
// in the postprovision hook (azure.yaml) and makes the apps' identity a member of event_wizard_runtime.

param name string
param location string
param tags object
param databaseName string
@description('Object id of the Entra administrator (the principal that runs the migrations).')
param adminObjectId string
@description('Its database role name: a user\'s UPN, a group\'s or service principal\'s display name.')
param adminName string
@allowed(['User', 'Group', 'ServicePrincipal'])
param adminType string
@description('A client address allowed through the firewall (the machine that runs the migrations); empty for none.')
param clientIpAddress string
param skuName string
@allowed(['Burstable', 'GeneralPurpose', 'MemoryOptimized'])
param skuTier string

resource server 'Microsoft.DBforPostgreSQL/flexibleServers@2024-08-01' = {
  name: name
  location: location
  tags: tags
  sku: {
    name: skuName
    tier: skuTier
  }
  properties: {
    version: '16'
    storage: {
      storageSizeGB: 32
      autoGrow: 'Enabled'
    }
    authConfig: {
      activeDirectoryAuth: 'Enabled'
      passwordAuth: 'Disabled'
      tenantId: tenant().tenantId
    }
    backup: {
      backupRetentionDays: 7
      geoRedundantBackup: 'Disabled'
    }
    highAvailability: {
      mode: 'Disabled'
    }
    network: {
      publicNetworkAccess: 'Enabled'
    }
  }
}

// The server takes one change at a time: each child waits for the one before it.
resource admin 'Microsoft.DBforPostgreSQL/flexibleServers/administrators@2024-08-01' = {
  parent: server
  name: adminObjectId
  properties: {
    principalName: adminName
    principalType: adminType
    tenantId: tenant().tenantId
  }
}

// sql/001_baseline.sql creates unaccent, the one extension the schema uses.
resource extensions 'Microsoft.DBforPostgreSQL/flexibleServers/configurations@2024-08-01' = {
  parent: server
  name: 'azure.extensions'
  properties: {
    value: 'UNACCENT'
    source: 'user-override'
  }
  dependsOn: [admin]
}

resource database 'Microsoft.DBforPostgreSQL/flexibleServers/databases@2024-08-01' = {
  parent: server
  name: databaseName
  properties: {
    charset: 'UTF8'
    collation: 'en_US.utf8'
  }
  dependsOn: [extensions]
}

// 0.0.0.0: connections from Azure services, which is how the Flex Consumption apps reach the server without a VNet.
resource azureServices 'Microsoft.DBforPostgreSQL/flexibleServers/firewallRules@2024-08-01' = {
  parent: server
  name: 'AllowAllAzureServicesAndResourcesWithinAzureIps'
  properties: {
    startIpAddress: '0.0.0.0'
    endIpAddress: '0.0.0.0'
  }
  dependsOn: [database]
}

resource client 'Microsoft.DBforPostgreSQL/flexibleServers/firewallRules@2024-08-01' = if (!empty(clientIpAddress)) {
  parent: server
  name: 'migrations-client'
  properties: {
    startIpAddress: clientIpAddress
    endIpAddress: clientIpAddress
  }
  dependsOn: [azureServices]
}

output host string = server.properties.fullyQualifiedDomainName
output databaseName string = database.name

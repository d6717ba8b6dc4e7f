import { Global, Module } from '@nestjs/common';
import { ClientRepository } from './client.repository';

/**
 * The client record (the `clients` table): who the tenant is and where it stands. Global: every
 * module keys on it, and the ClientAccess guard that reads it runs in every client-facing module.
 */
@Global()
@Module({
  providers: [ClientRepository],
  exports: [ClientRepository],
})
export class ClientsModule {}

import { Global, Module } from '@nestjs/common';
import { EncryptionService } from '../crypto/encryption.service';
import { KeyedHashService } from '../crypto/keyed-hash.service';
import { AppConfig, loadConfig } from './app-config';

@Global()
@Module({
  providers: [{ provide: AppConfig, useFactory: () => loadConfig(process.env) }, EncryptionService, KeyedHashService],
  exports: [AppConfig, EncryptionService, KeyedHashService],
})
export class ConfigModule {}

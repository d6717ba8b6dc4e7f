import { Global, Module } from '@nestjs/common';
import { EncryptionService } from '../crypto/encryption.service';
import { AppConfig, loadConfig } from './app-config';

@Global()
@Module({
  providers: [{ provide: AppConfig, useFactory: () => loadConfig(process.env) }, EncryptionService],
  exports: [AppConfig, EncryptionService],
})
export class ConfigModule {}

export { PrivacyRequest } from './entities/privacy-request.entity';
export { PrivacyModule } from './privacy.module';
export { PrivacyWorkerModule } from './privacy-worker.module';

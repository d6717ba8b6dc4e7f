export { NotificationPreferences } from './entities/notification-preferences.entity';
export { SentEmail } from './entities/sent-email.entity';
export { SmsMessage } from './sms/entities/sms-message.entity';
export { SmsNumber } from './sms/entities/sms-number.entity';
export { NotificationsModule } from './notifications.module';
export { NotificationsWorkerModule } from './notifications-worker.module';
export { SmsModule } from './sms/sms.module';
export { SmsMessageRepository } from './sms/sms-message.repository';

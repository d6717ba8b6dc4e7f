export { NotificationPreferences } from './entities/notification-preferences.entity';
export { NotificationsModule } from './notifications.module';
export { NotificationsWorkerModule } from './notifications-worker.module';

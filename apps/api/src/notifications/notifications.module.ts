import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ActivityModule } from '../activity';
import { LeadPreferences } from '../accounts/entities/lead-preferences.entity';
import { ClientAccessGuard } from '../identity/client-access.guard';
import { Client } from '../accounts/entities/client.entity';
import { NotificationPreferences } from './entities/notification-preferences.entity';
import { NotificationPreferencesController } from './notification-preferences.controller';

/** The API side of notifications: each client's email preferences. (Emails are queued with core's NotificationsQueue.) */
@Module({
  imports: [ActivityModule, TypeOrmModule.forFeature([Client, LeadPreferences, NotificationPreferences])],
  controllers: [NotificationPreferencesController],
  providers: [ClientAccessGuard],
})
export class NotificationsModule {}

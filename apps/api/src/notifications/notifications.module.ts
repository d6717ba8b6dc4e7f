import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ActivityModule } from '../activity';
import { LeadPreferences, AccountsModule } from '../accounts';
import { Client } from '../clients';
import { NotificationPreferences } from './entities/notification-preferences.entity';
import { NotificationPreferencesController } from './notification-preferences.controller';
import { NotificationPreferencesRepository } from './notification-preferences.repository';
import { NotificationPreferencesService } from './notification-preferences.service';

/** The API side of notifications: each client's email preferences. (Emails are queued with core's NotificationsQueue.) */
@Module({
  imports: [ActivityModule, AccountsModule, TypeOrmModule.forFeature([Client, LeadPreferences, NotificationPreferences])],
  controllers: [NotificationPreferencesController],
  providers: [NotificationPreferencesService, NotificationPreferencesRepository],
})
export class NotificationsModule {}

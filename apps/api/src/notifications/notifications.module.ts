import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ActivityModule } from '../activity';
import { Client, LeadPreferences, OnboardingModule } from '../accounts';
import { ClientAccessGuard } from '../identity';
import { NotificationPreferences } from './entities/notification-preferences.entity';
import { NotificationPreferencesController } from './notification-preferences.controller';
import { NotificationPreferencesRepository } from './notification-preferences.repository';
import { NotificationPreferencesService } from './notification-preferences.service';

/** The API side of notifications: each client's email preferences. (Emails are queued with core's NotificationsQueue.) */
@Module({
  imports: [ActivityModule, OnboardingModule, TypeOrmModule.forFeature([Client, LeadPreferences, NotificationPreferences])],
  controllers: [NotificationPreferencesController],
  providers: [ClientAccessGuard, NotificationPreferencesService, NotificationPreferencesRepository],
})
export class NotificationsModule {}

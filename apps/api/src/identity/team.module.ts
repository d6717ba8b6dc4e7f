import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ActivityController, AdminActivityController } from '../activity/activity.controller';
import { AdminUsersController } from './admin-users.controller';
import { ClientAccessGuard } from './client-access.guard';
import { Client } from '../accounts/entities/client.entity';
import { User } from './entities/user.entity';
import { ActivityService } from '../activity/activity.service';
import { TeamInviteLinks } from './team-invite-links';
import { AdminTeamController, ApiKeysController, TeamController } from './team.controller';
import { TeamService } from './team.service';
import { UsersService } from './users.service';
import { NotificationsModule } from '../notifications/notifications.module';

@Module({
  imports: [TypeOrmModule.forFeature([User, Client]), NotificationsModule],
  controllers: [AdminUsersController, ActivityController, AdminActivityController, TeamController, ApiKeysController, AdminTeamController],
  providers: [UsersService, ClientAccessGuard, ActivityService, TeamService, TeamInviteLinks],
  exports: [UsersService],
})
export class ClientsModule {}

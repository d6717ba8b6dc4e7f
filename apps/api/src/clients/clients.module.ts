import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ActivityController, AdminActivityController } from './activity.controller';
import { AdminUsersController } from './admin-users.controller';
import { ClientAccessGuard } from './client-access.guard';
import { Client } from './entities/client.entity';
import { User } from './entities/user.entity';
import { UsersService } from './users.service';

@Module({
  imports: [TypeOrmModule.forFeature([User, Client])],
  controllers: [AdminUsersController, ActivityController, AdminActivityController],
  providers: [UsersService, ClientAccessGuard],
  exports: [UsersService],
})
export class ClientsModule {}

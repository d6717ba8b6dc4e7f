import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AdminUsersController } from './admin-users.controller';
import { Client } from './entities/client.entity';
import { User } from './entities/user.entity';
import { UsersService } from './users.service';

@Module({
  imports: [TypeOrmModule.forFeature([User, Client])],
  controllers: [AdminUsersController],
  providers: [UsersService],
  exports: [UsersService],
})
export class ClientsModule {}

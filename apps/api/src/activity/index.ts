export { ActivityModule } from './activity.module';
export { ActivityService } from './activity.service';
export type { Activity } from './activity.service';
export { ActivityPageDto } from './dto/activity.dto';
export { ActivityLog } from './entities/activity-log.entity';

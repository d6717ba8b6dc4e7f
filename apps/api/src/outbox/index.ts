export { OutboxEvent } from './entities/outbox-event.entity';
export { OutboxModule } from './outbox.module';
export { OutboxRepository } from './outbox.repository';
export type { NewOutboxEvent, OutboxEventType, StoredEvent, UnpublishedEvent } from './outbox.repository';
export { OutboxService } from './outbox.service';

import { Transactions, type Tx } from '../core/database/transactions';
import { BadRequestException, ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { randomBytes, randomUUID } from 'node:crypto';
import { hashApiKey } from './api-key-authenticator';
import { ApiKeyRepository } from './api-key.repository';
import { NotificationsQueue } from '../core/queue/email-queue';
import { ActivityService } from '../activity';
import type { ApiKeyDto, ApiKeyWithSecretDto, CreateApiKeyDto, CreatedTeamInviteDto, InviteTeamMemberDto, TeamDto } from './dto/team.dto';
import type { ClientApiKey, ApiKeyScope } from './entities/api-key.entity';
import { ClientRepository } from '../clients';
import type { User, ClientRole } from './entities/user.entity';
import { TeamInviteRepository } from './team-invite.repository';
import { UserRepository } from './user.repository';
import { TeamInviteLinks } from './team-invite-links';

const INVITE_DAYS = 7;

const keyView = (k: ClientApiKey): ApiKeyDto => ({
  id: k.id,
  name: k.name,
  prefix: k.prefix,
  scopes: k.scopes,
  createdAt: k.createdAt.toISOString(),
  lastUsedAt: k.lastUsedAt?.toISOString() ?? null,
  revokedAt: k.revokedAt?.toISOString() ?? null,
});

/** A client's people (owners and members, invites, the seat limit) and its API keys. */
@Injectable()
export class TeamService {
  constructor(
    private readonly tx: Transactions,
    private readonly clients: ClientRepository,
    private readonly users: UserRepository,
    private readonly invites: TeamInviteRepository,
    private readonly keys: ApiKeyRepository,
    private readonly activity: ActivityService,
    private readonly links: TeamInviteLinks,
    private readonly notifications: NotificationsQueue,
  ) {}

  async get(clientId: string): Promise<TeamDto> {
    return this.view(clientId);
  }

  /**
   * Seats are members plus pending invites; the client row is locked so two invites cannot take the last seat together.
   * Every refusal rests on what the owner already sees (their team, their invites, their seats), never on whether the
   * email has an account elsewhere: that would tell any owner who uses LeadFlow. Such an invitee cannot sign up with
   * the link (the address is taken), and the owner revokes the invite.
   */
  async invite(clientId: string, actorUserId: string, dto: InviteTeamMemberDto): Promise<CreatedTeamInviteDto> {
    const invite = await this.tx.run(async (tx) => {
      const client = await this.clients.lock(tx, clientId);
      if (!client) throw new NotFoundException('No client with that id');
      const team = await this.view(clientId, tx);
      if (team.members.some((m) => m.email === dto.email)) throw new ConflictException(`${dto.email} is already on your team`);
      if (team.invites.some((i) => i.email === dto.email))
        throw new ConflictException(`${dto.email} already has a pending invite; revoke it to send a new one`);
      if (team.seatsUsed >= client.seatLimit) {
        throw new ConflictException(
          `All ${client.seatLimit} seats are taken (members and pending invites); remove someone or revoke an invite first, or ask us for more seats`,
        );
      }
      const id = randomUUID();
      const created = await this.invites.insert(tx, {
        id,
        clientId,
        email: dto.email,
        role: dto.role,
        tokenHash: this.links.hashOf(this.links.tokenFor(id)),
        invitedBy: actorUserId,
        expiresAt: new Date(Date.now() + INVITE_DAYS * 86_400_000),
      });
      await this.activity.record(tx, { clientId, actorUserId, action: 'team.invited', after: { email: dto.email, role: dto.role } });
      return created;
    });
    await this.notifications.add('email.team-invite', { inviteId: invite.id }, `email.team-invite:${invite.id}`);
    return {
      id: invite.id,
      email: invite.email,
      role: invite.role,
      expiresAt: invite.expiresAt.toISOString(),
      createdAt: invite.createdAt.toISOString(),
      url: this.links.linkFor(invite.id),
    };
  }

  async revokeInvite(clientId: string, actorUserId: string, inviteId: string): Promise<void> {
    await this.tx.run(async (tx) => {
      const invite = await this.invites.unused(tx, clientId, inviteId);
      if (!invite) throw new NotFoundException('No such pending invite');
      await this.invites.remove(tx, inviteId);
      await this.activity.record(tx, {
        clientId,
        actorUserId,
        action: 'team.invite_revoked',
        before: { email: invite.email, role: invite.role },
      });
    });
  }

  async setRole(clientId: string, actorUserId: string, userId: string, role: ClientRole): Promise<TeamDto> {
    await this.tx.run(async (tx) => {
      const member = await this.member(tx, clientId, userId);
      if (member.clientRole === role) return;
      if (role === 'member') await this.keepAnOwner(tx, clientId, userId);
      await this.users.setClientRole(tx, userId, role);
      await this.activity.record(tx, {
        clientId,
        actorUserId,
        action: 'team.role_changed',
        before: { userId, role: member.clientRole },
        after: { userId, role },
      });
    });
    return this.get(clientId);
  }

  /** Removes a person from the account (their user is deleted, and the API keys they created are revoked). */
  async remove(clientId: string, actorUserId: string, userId: string): Promise<TeamDto> {
    await this.tx.run(async (tx) => {
      const member = await this.member(tx, clientId, userId);
      await this.keepAnOwner(tx, clientId, userId);
      await this.keys.revokeAllMadeBy(tx, clientId, userId);
      await this.users.remove(tx, userId);
      await this.activity.record(tx, {
        clientId,
        actorUserId,
        action: 'team.member_removed',
        before: { userId, email: member.email, role: member.clientRole },
      });
    });
    return this.get(clientId);
  }

  async listKeys(clientId: string): Promise<ApiKeyDto[]> {
    return (await this.keys.list(clientId)).map(keyView);
  }

  async createKey(clientId: string, actorUserId: string, dto: CreateApiKeyDto): Promise<ApiKeyWithSecretDto> {
    const key = `lf_${randomBytes(32).toString('base64url')}`;
    return this.tx.run(async (tx) => {
      const row = await this.keys.insert(tx, {
        clientId,
        name: dto.name,
        prefix: key.slice(0, 10),
        keyHash: hashApiKey(key),
        scopes: dto.scopes as ApiKeyScope[],
        createdBy: actorUserId,
      });
      await this.activity.record(tx, {
        clientId,
        actorUserId,
        action: 'api_key.created',
        after: { apiKeyId: row.id, name: row.name, scopes: row.scopes },
      });
      return { apiKey: keyView(row), key };
    });
  }

  async revokeKey(clientId: string, actorUserId: string, keyId: string): Promise<ApiKeyDto> {
    return this.tx.run(async (tx) => {
      const row = await this.keys.lockOfClient(tx, clientId, keyId);
      if (!row) throw new NotFoundException('No such API key');
      if (!row.revokedAt) {
        row.revokedAt = new Date();
        await this.keys.revoke(tx, row.id, row.revokedAt);
        await this.activity.record(tx, {
          clientId,
          actorUserId,
          action: 'api_key.revoked',
          before: { apiKeyId: row.id, name: row.name },
        });
      }
      return keyView(row);
    });
  }

  private async view(clientId: string, tx?: Tx): Promise<TeamDto> {
    const client = await this.clients.byId(clientId, tx);
    if (!client) throw new NotFoundException('No client with that id');
    const members = await this.users.membersOf(clientId, tx);
    const invites = await this.invites.pending(clientId, tx);
    return {
      seatLimit: client.seatLimit,
      seatsUsed: members.length + invites.length,
      members: members.map((u) => ({
        id: u.id,
        firstName: u.firstName,
        lastName: u.lastName,
        email: u.email,
        role: u.clientRole ?? 'member',
        joinedAt: u.createdAt.toISOString(),
      })),
      invites: invites.map((i) => ({
        id: i.id,
        email: i.email,
        role: i.role,
        expiresAt: i.expiresAt.toISOString(),
        createdAt: i.createdAt.toISOString(),
      })),
    };
  }

  private async member(tx: Tx, clientId: string, userId: string): Promise<User> {
    const member = await this.users.lockMember(tx, clientId, userId);
    if (!member) throw new NotFoundException('No such person on your team');
    return member;
  }

  private async keepAnOwner(tx: Tx, clientId: string, leavingUserId: string): Promise<void> {
    const owners = await this.users.lockOwners(tx, clientId);
    if (owners.every((o) => o.id === leavingUserId))
      throw new BadRequestException('An account needs at least one owner: make someone else an owner first');
  }
}

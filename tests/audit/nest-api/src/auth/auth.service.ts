import { Injectable, UnauthorizedException } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import * as bcrypt from 'bcrypt';
import { UsersService } from '../users/users.service';

@Injectable()
export class AuthService {
  constructor(private readonly users: UsersService, private readonly jwt: JwtService) {}

  async login(email: string, password: string) {
    const user = await this.users.findByEmail(email);
    if (!user) throw new UnauthorizedException();
    if (user.locked_until && user.locked_until > new Date()) throw new UnauthorizedException('account locked');
    const ok = await bcrypt.compare(password, user.password_hash);
    if (!ok) {
      await this.users.recordFailedLogin(user.id);
      throw new UnauthorizedException();
    }
    await this.users.resetFailedLogins(user.id);
    return { accessToken: await this.jwt.signAsync({ sub: user.id }) };
  }

  async verifyOtp(challengeId: string, code: string) {
    return { ok: challengeId.length > 0 && code.length === 6 };
  }
}

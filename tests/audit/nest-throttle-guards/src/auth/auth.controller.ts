import { Body, Controller, Post, UnauthorizedException, UseGuards } from '@nestjs/common';
import { ThrottlerGuard } from '@nestjs/throttler';
import * as argon2 from 'argon2';

const USERS = new Map<string, string>();

@UseGuards(ThrottlerGuard)
@Controller('auth')
export class AuthController {
  @Post('signin')
  async signIn(@Body() body: { username: string; password: string }) {
    const hash = USERS.get(body.username);
    if (!hash || !(await argon2.verify(hash, body.password))) { // expect: RS502
      throw new UnauthorizedException();
    }
    return { ok: true };
  }
}

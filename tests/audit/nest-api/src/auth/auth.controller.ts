import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { SkipThrottle, Throttle } from '@nestjs/throttler';
import { AuthService } from './auth.service';
import { LoginDto } from './dto/login.dto';

@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Throttle({ default: { limit: 5, ttl: 60_000 } })
  @Post('login')
  @HttpCode(200)
  login(@Body() dto: LoginDto) {
    return this.auth.login(dto.email, dto.password);
  }

  @SkipThrottle()
  @Post('otp/verify') // expect: RS501
  @HttpCode(200)
  verifyOtp(@Body() body: { challengeId: string; code: string }) {
    return this.auth.verifyOtp(body.challengeId, body.code);
  }

  @Post('logout')
  @HttpCode(204)
  logout() {
    return;
  }
}

import { Body, Controller, HttpCode, Post } from '@nestjs/common';

@Controller('oauth')
export class OAuthController {
  @Post('token') // expect: RS501
  @HttpCode(200)
  token(@Body() body: { grant_type: string; client_id: string; client_secret: string }) {
    return { access_token: `${body.client_id}.${Date.now()}`, token_type: 'Bearer' };
  }

  @Post('revoke')
  @HttpCode(200)
  revoke() {
    return {};
  }
}

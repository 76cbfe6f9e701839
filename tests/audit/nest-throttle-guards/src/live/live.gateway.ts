import { OnGatewayConnection, SubscribeMessage, WebSocketGateway, WebSocketServer } from '@nestjs/websockets';
import { Server, WebSocket } from 'ws';

@WebSocketGateway({ path: '/live' }) // expect: RS401, RS402
export class LiveGateway implements OnGatewayConnection {
  @WebSocketServer()
  server!: Server;

  handleConnection(client: WebSocket) {
    client.send(JSON.stringify({ event: 'welcome' }));
  }

  @SubscribeMessage('ping')
  onPing() {
    return { event: 'pong', data: Date.now() };
  }
}

import json

from channels.generic.websocket import AsyncWebsocketConsumer


class NotificationConsumer(AsyncWebsocketConsumer):  # expect: RS402
    async def connect(self):
        await self.channel_layer.group_add("notifications", self.channel_name)
        await self.accept()

    async def disconnect(self, code):
        await self.channel_layer.group_discard("notifications", self.channel_name)

    async def notify(self, event):
        await self.send(text_data=json.dumps(event["payload"]))

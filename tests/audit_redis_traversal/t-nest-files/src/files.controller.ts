import { Controller, Get, Param, ParseIntPipe, ParseUUIDPipe, Post, Query, Res, StreamableFile, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { createReadStream, promises as fsp } from 'fs';
import { join, basename } from 'path';
import type { Response } from 'express';

const ROOT = join(process.cwd(), 'storage');

@Controller('files')
export class FilesController {
  @Get(':name')
  download(@Param('name') name: string): StreamableFile {
    const file = createReadStream(join(ROOT, name)); // expect: RS701
    return new StreamableFile(file);
  }

  @Get('by-query')
  async byQuery(@Query('path') p: string) {
    return fsp.readFile(join(ROOT, 'exports', p)); // expect: RS701
  }

  @Get('raw/:name')
  raw(@Param('name') name: string, @Res() res: Response) {
    res.sendFile(name, { root: ROOT });
  }

  @Get('invoice/:id')
  async invoice(@Param('id', ParseIntPipe) id: number) {
    return fsp.readFile(join(ROOT, 'invoices', `${id}.pdf`));
  }

  @Get('doc/:uuid')
  async doc(@Param('uuid', new ParseUUIDPipe()) uuid: string) {
    return fsp.readFile(join(ROOT, 'docs', `${uuid}.pdf`));
  }

  @Get('safe/:name')
  async safe(@Param('name') name: string) {
    return fsp.readFile(join(ROOT, basename(name)));
  }

  @Post('upload')
  @UseInterceptors(FileInterceptor('file'))
  async upload(@UploadedFile() file: Express.Multer.File) {
    await fsp.writeFile(join(ROOT, 'uploads', file.originalname), file.buffer); // expect: RS701
    return { ok: true };
  }
}

// Adapted from semgrep-rules express-res-sendfile.
import path = require('path')
import { Request, Response, NextFunction } from 'express'

export function badNormal() {
  return (req: Request, res: Response, next: NextFunction) => {
    const file = req.params.file
    res.sendFile(path.resolve('ftp/', file)) // expect: RS701
  }
}

export function goodNormal() {
  return (req: Request, res: Response, next: NextFunction) => {
    const file = 'foo'
    res.sendFile(path.resolve('ftp/', file))
  }
}

export function badWithTypes() {
  return ({ params, query }: Request, res: Response, next: NextFunction) => {
    const file = params.file
    res.sendFile(path.resolve('ftp/', file)) // expect: RS701
  }
}

export function goodWithTypes() {
  return ({ params, query, session }: Request, res: Response, next: NextFunction) => {
    const file = session
    res.sendFile(path.resolve('ftp/', file))
  }
}

export function rooted() {
  return (req: Request, res: Response) => {
    res.sendFile(req.params.file, { root: path.join(__dirname, 'ftp') })
  }
}

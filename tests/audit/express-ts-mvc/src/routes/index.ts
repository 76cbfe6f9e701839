import { Router } from 'express';
import { authRateLimiter } from '../middlewares/rate-limit.middleware';
import authRoutes from './auth.routes';

const api = Router();

api.use('/auth', authRateLimiter, authRoutes);

export default api;

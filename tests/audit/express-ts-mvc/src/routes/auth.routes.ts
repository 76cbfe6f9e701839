import { Router } from 'express';
import { z } from 'zod';
import { authController } from '../controllers/auth.controller';
import { validate } from '../middlewares/validate';

const credentials = z.object({ email: z.string().email(), password: z.string().min(8) });

const router = Router();

router.post('/signin', validate(credentials), authController.login);
router.route('/password/reset').post(authController.resetPassword);
router.post('/2fa/verify', authController.verifyTwoFactor);

export default router;

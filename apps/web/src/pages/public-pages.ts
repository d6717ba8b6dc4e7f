// The signed-out pages, loaded together as one chunk (see app.tsx).
export { ForgotPasswordPage } from './forgot-password-page';
export { LoginPage } from './login-page';
export { NotFoundPage } from './not-found-page';
export { RegisterPage } from './register-page';
export { ResetPasswordPage } from './reset-password-page';

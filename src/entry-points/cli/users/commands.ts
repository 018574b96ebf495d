import type { CliCommand } from '../cli-command.js';
import { createUserCommand } from './create-user.js';
import { deleteUserCommand } from './delete-user.js';
import { getUserCommand } from './get-user.js';
import { listUsersCommand } from './list-users.js';
import { logoutAllCommand } from './logout-all.js';
import { updateUserCommand } from './update-user.js';

/** `users <command>`, in the order the help lists them. */
export const USER_COMMANDS: readonly CliCommand[] = [
  createUserCommand,
  listUsersCommand,
  getUserCommand,
  updateUserCommand,
  deleteUserCommand,
  logoutAllCommand,
];

/* pipe.c — sending a printout to the print command (`lp` by default): the command runs under
 * /bin/sh with the PDF on its standard input and the job's title given to it (lp -t); what it
 * writes to its standard output and error (lp's "request id is …") is captured, never thrown
 * on the clerk's screen. */
#include "taizhang/report.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

/* The start of what the command said (a file, so a talkative command never blocks us). */
static void read_said(FILE *said, char *out, size_t cap)
{
    rewind(said);
    size_t n = fread(out, 1, cap - 1, said);
    out[n] = '\0';
}

static void run_child(const char *command, const char *title, int in[2], int said)
{
    setenv("TZ_PRINT_TITLE", title, 1);
    dup2(in[0], STDIN_FILENO);
    dup2(said, STDOUT_FILENO);
    dup2(said, STDERR_FILENO);
    close(in[0]);
    close(in[1]);
    signal(SIGPIPE, SIG_DFL);
    execl("/bin/sh", "sh", "-c", command, (char *)NULL);
    _exit(127);
}

/* The first line of what the command said, for the message. */
static const char *first_line(char *said)
{
    said[strcspn(said, "\n")] = '\0';
    return said;
}

/* Runs `full` with data on its standard input; messages name the command as the clerk set it. */
static tz_status send_to(const char *full, const char *command, const char *title,
                         const char *text, size_t len, tz_error *err)
{
    int in[2];
    FILE *said_file = tmpfile();
    if (!said_file || pipe(in) != 0) {
        tz_status s = tz_fail(err, TZ_ERR_IO, "%s：%s", command, tz_errno_text(errno));
        if (said_file)
            fclose(said_file);
        return s;
    }
    void (*old_pipe)(int) = signal(SIGPIPE, SIG_IGN); /* a command that stops reading */
    pid_t pid = fork();
    if (pid == 0)
        run_child(full, title, in, fileno(said_file));
    close(in[0]);
    bool sent = pid > 0 && tz_write_all(in[1], text, len); /* false: the command stopped reading */
    close(in[1]);
    int status = 0;
    while (pid > 0 && waitpid(pid, &status, 0) < 0 && errno == EINTR)
        ;
    signal(SIGPIPE, old_pipe);
    char said[512];
    read_said(said_file, said, sizeof said);
    fclose(said_file);
    if (pid < 0)
        return tz_fail(err, TZ_ERR_IO, "%s：%s", command, tz_errno_text(errno));
    if (WIFEXITED(status) && WEXITSTATUS(status) == 0 && sent)
        return TZ_OK;
    if (WIFSIGNALED(status))
        return tz_fail(err, TZ_ERR_IO, tz_L("打印命令“%s”被信号 %d 终止 %s", "the print command \"%s\" was killed by signal %d %s"),
                       command, WTERMSIG(status), first_line(said));
    return tz_fail(err, TZ_ERR_IO,
                   tz_L("打印命令“%s”失败（退出码 %d）%s", "the print command \"%s\" failed (exit status %d) %s"),
                   command, WIFEXITED(status) ? WEXITSTATUS(status) : -1, first_line(said));
}

/* The command with the job's title as lp (-t) and lpr (-T) take it, shell-quoted; any other
 * command finds it in $TZ_PRINT_TITLE. A new string, NULL on out-of-memory. */
static char *titled(const char *command, const char *title)
{
    size_t word = strcspn(command, " \t");
    const char *flag = word == 2 && strncmp(command, "lp", 2) == 0    ? " -t '"
                     : word == 3 && strncmp(command, "lpr", 3) == 0 ? " -T '"
                                                                     : NULL;
    tz_sb sb = { 0 };
    tz_sb_append(&sb, command);
    if (flag && *title) {
        tz_sb_append(&sb, flag);
        for (const char *c = title; *c; c++)
            tz_sb_append(&sb, *c == '\'' ? "'\\''" : (char[]){ *c, '\0' });
        tz_sb_append(&sb, "'");
    }
    return sb.failed ? (tz_sb_free(&sb), NULL) : tz_sb_take(&sb);
}

tz_status tz_print_pipe(const char *command, const char *title, const char *data, size_t len,
                        tz_error *err)
{
    char *full = titled(command, title ? title : "");
    if (!full)
        return tz_fail(err, TZ_ERR_NOMEM, "%s", tz_status_text(TZ_ERR_NOMEM));
    tz_status s = send_to(full, command, title ? title : "", data, len, err);
    free(full);
    return s;
}
